import { parseEntityRef } from '@backstage/catalog-model';
import {
  EntityScorecard,
  ReadinessCheck,
  RoleProblemType,
} from '@prodready/plugin-readiness-common';
import { sha1Hex } from '../sha1';

/*
 * What the kinds of notice share: where a notice links to, what an entity
 * is called in one, and who hears about a check.
 */

/**
 * The entity's readiness tab in the portal, opened at `checkId` when given
 * (the tab expands and scrolls to `?check=<id>`). Relative to the app's
 * base URL, at the catalog's default entity route.
 */
export function readinessTabLink(entityRef: string, checkId?: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  const tab = `/catalog/${encodeURIComponent(namespace)}/${encodeURIComponent(
    kind,
  )}/${encodeURIComponent(name)}/readiness`;
  return checkId ? `${tab}?check=${encodeURIComponent(checkId)}` : tab;
}

/** The entity as a notice names it: its title, else its name. */
export function entityName(scorecard: EntityScorecard): string {
  return scorecard.title ?? parseEntityRef(scorecard.entityRef).name;
}

/** The notifications backend keeps scopes and titles in 255 characters. */
export const NOTIFICATION_TEXT_MAX = 255;

/**
 * The scope of notices about one thing of one entity, stable across runs;
 * a hash of it when it would not fit the notifications backend's column.
 */
export function noticeScope(entityRef: string, ...about: string[]): string {
  const scope = ['readiness', entityRef, ...about].join(':');
  return scope.length <= NOTIFICATION_TEXT_MAX
    ? scope
    : `readiness:sha1:${sha1Hex(scope)}`;
}

/** `readiness_notices_sent.period` holds 255 characters. */
const PERIOD_MAX = 255;

/**
 * The period of a notice made of `parts` (what makes a repeat new, as the
 * holders who left a role); a hash of it when it would not fit its column.
 */
export function noticePeriod(parts: string[]): string {
  const period = parts.join(',');
  return period.length <= PERIOD_MAX ? period : `sha1:${sha1Hex(period)}`;
}

/** A title cut to what the notifications backend keeps. */
export function fitTitle(title: string): string {
  return title.length <= NOTIFICATION_TEXT_MAX
    ? title
    : `${title.slice(0, NOTIFICATION_TEXT_MAX - 1)}…`;
}

/** Role problems that mean a holder has left, as the role heat map counts them. */
export const HOLDER_GONE: ReadonlySet<RoleProblemType> = new Set([
  'holder-not-in-catalog',
  'empty-group',
]);

/** Holders of the entity's roles who have left (the catalog, or an empty group). */
export function goneHolders(scorecard: EntityScorecard): Set<string> {
  const gone = new Set<string>();
  for (const role of scorecard.roles) {
    for (const problem of role.problems) {
      if (problem.holder && HOLDER_GONE.has(problem.type)) {
        gone.add(problem.holder);
      }
    }
  }
  return gone;
}

/**
 * Who hears about one check of an entity: its owner and the holders of the
 * roles responsible for the check (their own, inherited or annotated),
 * without holders who have left.
 */
export function checkRecipients(
  scorecard: EntityScorecard,
  check: ReadinessCheck,
): string[] {
  const gone = goneHolders(scorecard);
  const recipients = new Set<string>();
  if (scorecard.owner) recipients.add(scorecard.owner);
  for (const role of scorecard.roles) {
    if (!check.roles.includes(role.roleId)) continue;
    for (const holder of role.holders) {
      if (!gone.has(holder)) recipients.add(holder);
    }
  }
  return [...recipients];
}

/** The owner alone, for notices about the entity as a whole. */
export function ownerRecipients(scorecard: EntityScorecard): string[] {
  return scorecard.owner ? [scorecard.owner] : [];
}
