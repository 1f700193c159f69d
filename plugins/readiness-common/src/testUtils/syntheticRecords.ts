import { Entity } from '@backstage/catalog-model';
import { entityRefOf, ReadinessAnswer, ReadinessRoleAssignment } from '..';
import { chance, int, pick } from './seededRandom';
import {
  DAY,
  holderFor,
  NOW,
  ScoredKind,
  SyntheticContext,
} from './syntheticContext';

/** What the backend's database would hold: portal answers, roles, pushed results. */
export function generateStoredRecords(
  ctx: SyntheticContext,
  scored: Entity[],
): {
  portalAnswers: Map<string, ReadinessAnswer[]>;
  portalRoles: Map<string, ReadinessRoleAssignment[]>;
  pushedResults: Map<string, ReadinessAnswer[]>;
} {
  const { answerable, membersOf, roleIds } = ctx;
  const portalAnswers = new Map<string, ReadinessAnswer[]>();
  const portalRoles = new Map<string, ReadinessRoleAssignment[]>();
  const pushedResults = new Map<string, ReadinessAnswer[]>();
  let version = 0;
  for (const entity of scored) {
    const ref = entityRefOf(entity);
    const kind = ref.slice(0, ref.indexOf(':')) as ScoredKind;
    const team = String(entity.spec!.owner);
    if (chance(0.08)) {
      const answers: ReadinessAnswer[] = [];
      for (let n = int(1, 5); n > 0; n--) {
        const check = pick(answerable[kind]);
        if (answers.some(a => a.checkId === check.id)) continue;
        const status = pick([
          'met',
          'met',
          'partially-met',
          'not-met',
        ] as const);
        answers.push({
          checkId: check.id,
          status,
          source: 'portal',
          answeredBy: pick(membersOf.get(team) ?? ['user:default/u0']),
          answeredAt: new Date(NOW.getTime() - int(0, 400) * DAY).toISOString(),
          version: ++version,
          ...(chance(0.5)
            ? { evidenceUrl: `https://wiki.example.com/${check.id}` }
            : {}),
        });
      }
      portalAnswers.set(ref, answers);
    }
    if (chance(0.03)) {
      portalRoles.set(ref, [
        {
          roleId: pick(roleIds),
          holders: [holderFor(ctx, team)],
          source: 'portal',
          assignedBy: 'user:default/u0',
          assignedAt: NOW.toISOString(),
          version: ++version,
        },
      ]);
    }
    if (kind === 'component' && chance(0.05)) {
      pushedResults.set(ref, [
        {
          checkId: pick([
            'scalability.load-test',
            'security.vulnerability-scanning',
          ]),
          status: pick(['met', 'partially-met', 'not-met'] as const),
          source: 'automatic',
          answeredBy: 'ci-pipeline',
          answeredAt: new Date(NOW.getTime() - int(0, 500) * DAY).toISOString(),
        },
      ]);
    }
  }
  return { portalAnswers, portalRoles, pushedResults };
}
