import { checkAnnotationKey, roleAnnotationKey } from '..';
import { chance, int, pick, random } from './seededRandom';
import {
  holderFor,
  isoDay,
  ScoredKind,
  SyntheticContext,
} from './syntheticContext';

/** The annotations every catalog entity from a repository has. */
export const standardAnnotations = (name: string) => ({
  'backstage.io/managed-by-location': `url:https://git.example.com/acme/${name}/blob/main/catalog-info.yaml`,
  'backstage.io/managed-by-origin-location': `url:https://git.example.com/acme/${name}/blob/main/catalog-info.yaml`,
  'backstage.io/view-url': `https://git.example.com/acme/${name}/blob/main/catalog-info.yaml`,
  'backstage.io/edit-url': `https://git.example.com/acme/${name}/edit/main/catalog-info.yaml`,
  'backstage.io/source-location': `url:https://git.example.com/acme/${name}/`,
});

/** Malformed values owners really write: typos, bad dates, missing fields. */
const MALFORMED = [
  'done',
  'met; date=2026-13-45',
  'met; date=yesterday',
  'met; evidence=ftp://files.example.com/report',
  'met; evidence=wiki page',
  'na',
  'na; reason=too-hard; note=we do not want to',
  'na; reason=out-of-scope',
  'partial; owner=alice',
  'not-met; reason=other; note=x',
  'met; note',
  'met; note=a; note=b',
];

/**
 * An entity's readiness annotations: answers to about `answerRate` of its
 * checks (some malformed), and role holders at the rate `roleRate`.
 */
export const readinessAnnotations = (
  ctx: SyntheticContext,
  kind: ScoredKind,
  team: string,
  answerRate: number,
  roleRate: number,
): Record<string, string> => {
  const result: Record<string, string> = {};
  for (const check of ctx.answerable[kind]) {
    if (!chance(answerRate)) continue;
    const key = checkAnnotationKey(check.id);
    if (chance(0.03)) {
      result[key] = pick(MALFORMED);
      continue;
    }
    const r = random();
    const fields: string[] = [];
    if (r < 0.1) {
      result[key] = `na; reason=${pick([
        'out-of-scope',
        'business-priority',
        'architecture-constraint',
        'other',
      ])}; note=not needed for this ${kind}`;
      continue;
    }
    let status = 'not-met';
    if (r < 0.65) status = 'met';
    else if (r < 0.82) status = 'partial';
    fields.push(status);
    if (check.expiresAfterDays !== undefined) {
      // Most answers are recent; some are older than the expiry period.
      fields.push(`date=${isoDay(int(0, check.expiresAfterDays * 1.6))}`);
    } else if (chance(0.3)) {
      fields.push(`date=${isoDay(int(0, 700))}`);
    }
    if (chance(0.5)) {
      fields.push(
        `evidence=https://wiki.example.com/${team.slice(14)}/${check.id}`,
      );
    }
    if (chance(0.15)) fields.push('note=reviewed at the quarterly review');
    result[key] = fields.join('; ');
  }
  if (chance(roleRate)) {
    for (const roleId of ctx.roleIds) {
      if (!chance(0.75)) continue;
      const holders = [holderFor(ctx, team)];
      if (chance(0.2)) holders.push(holderFor(ctx, team));
      if (chance(0.05)) holders.push(holders[0]); // duplicate holder
      result[roleAnnotationKey(roleId)] = chance(0.01)
        ? 'api:default/not-a-person'
        : holders.join(', ');
    }
  }
  if (chance(0.005)) result['prodready.dev/check.no-such.check'] = 'met';
  if (chance(0.005)) result['prodready.dev/owner'] = 'team';
  return result;
};

/** Annotations of the tools the detectors look for. */
export const toolAnnotations = (): Record<string, string> => {
  const result: Record<string, string> = {};
  if (chance(0.5)) result['backstage.io/techdocs-ref'] = 'dir:.';
  if (chance(0.4)) result['pagerduty.com/integration-key'] = 'abc123';
  if (chance(0.35)) result['sonarqube.org/project-key'] = 'acme:svc';
  if (chance(0.3)) result['vault.io/secrets-path'] = 'kv/acme/svc';
  if (chance(0.25)) result['grafana/dashboard-selector'] = 'tags @> svc';
  if (chance(0.2)) result['github.com/project-slug'] = 'acme/svc';
  return result;
};
