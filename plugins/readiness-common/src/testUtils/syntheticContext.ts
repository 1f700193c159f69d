import { ReadinessCheck, ReadinessModel } from '..';
import { int, pick, random } from './seededRandom';

/** The synthetic organisation's today: answers are dated back from it. */
export const NOW = new Date('2026-11-26T12:00:00Z');
export const DAY = 86_400_000;
export const isoDay = (daysAgo: number) =>
  new Date(NOW.getTime() - daysAgo * DAY).toISOString().slice(0, 10);

/** The kinds the backend scores. */
export type ScoredKind = 'system' | 'component' | 'resource';

/** What the generator's parts share: the namespace, the teams, and what owners answer and assign. */
export interface SyntheticContext {
  ns: string;
  teams: string[];
  areas: string[];
  membersOf: Map<string, string[]>;
  /** Per kind, the checks owners answer (not those scored from role health). */
  answerable: Record<ScoredKind, ReadinessCheck[]>;
  roleIds: string[];
}

export function syntheticContext(
  model: ReadinessModel,
  ns: string,
  teams: string[],
  areas: string[],
  membersOf: Map<string, string[]>,
): SyntheticContext {
  const checksFor = (kind: string) =>
    model.checks.filter(
      c => c.appliesTo.includes(kind) && c.scoredBy !== 'role-health',
    );
  return {
    ns,
    teams,
    areas,
    membersOf,
    answerable: {
      system: checksFor('system'),
      component: checksFor('component'),
      resource: checksFor('resource'),
    },
    roleIds: model.roles.map(r => r.id),
  };
}

/** A holder of a role of a team's entity: mostly a member, at times the team, or someone who left. */
export function holderFor(ctx: SyntheticContext, team: string): string {
  const members = ctx.membersOf.get(team) ?? [];
  const r = random();
  if (r < 0.04) return `user:${ctx.ns}/former-${int(0, 500)}`; // left the company
  if (r < 0.12 || members.length === 0) return team; // the team as a whole
  return pick(members);
}
