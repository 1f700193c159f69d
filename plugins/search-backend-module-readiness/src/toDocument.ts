import type { IndexableDocument } from '@backstage/plugin-search-common';
import {
  NO_LEVEL,
  ReadinessModel,
  ScorecardWithFailingChecks,
} from '@prodready/plugin-readiness-common';

/** What the collator indexes for one entity. @public */
export interface ReadinessDocument extends IndexableDocument {
  entityRef: string;
  kind: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  /** The level reached, or null. */
  level: string | null;
  score: number | null;
  /** Ids of the checks the entity fails. */
  failingChecks: string[];
}

/** `component:default/payments-api` → `/catalog/default/component/payments-api/readiness`. */
function readinessTabPath(entityRef: string) {
  const [kind, rest] = entityRef.split(':');
  const [namespace, name] = rest.split('/');
  return `/catalog/${namespace}/${kind}/${name}/readiness`;
}

/**
 * One entity's readiness as a search document: its title, its level and
 * score, and the titles of the checks it fails, so that a search for
 * "restore test" finds the entities whose restore test is missing.
 */
export function toDocument(
  model: ReadinessModel,
  item: ScorecardWithFailingChecks,
): ReadinessDocument {
  const checkTitles = new Map(model.checks.map(c => [c.id, c.title]));
  const level = item.notAssessed
    ? 'not assessed'
    : model.levels.find(l => l.id === item.level)?.title ??
      (item.level && item.level !== NO_LEVEL ? item.level : 'no level');
  const score = item.score === null ? 'not scored' : `score ${item.score} %`;
  const failing = item.failingChecks.map(
    id => `${checkTitles.get(id) ?? id} (${id})`,
  );
  return {
    title: item.title ?? item.entityRef,
    text: [
      `Readiness: ${level}, ${score}.`,
      failing.length ? `Failing: ${failing.join('; ')}.` : 'No failing check.',
    ].join(' '),
    location: readinessTabPath(item.entityRef),
    authorization: { resourceRef: item.entityRef },
    entityRef: item.entityRef,
    kind: item.kind,
    owner: item.owner,
    system: item.system,
    lifecycle: item.lifecycle,
    level: item.level,
    score: item.score,
    failingChecks: item.failingChecks,
  };
}
