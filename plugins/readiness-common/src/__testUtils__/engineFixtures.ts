import { CheckResult, EntityScorecard, ReadinessAnswer } from '../types';
import { catalogOf, NOW } from './fixtures';

/*
 * What the engine's tests share: a catalog of one team and two people, and
 * ways to write answers and read results.
 */

export const catalog = catalogOf([
  'group:default/team-a',
  'user:default/alice',
  'user:default/bob',
]);
export const context = { now: NOW, catalog };

export const checkOf = (
  scorecard: EntityScorecard,
  id: string,
): CheckResult => {
  const result = scorecard.checks.find(c => c.checkId === id);
  if (!result) throw new Error(`no result for ${id}`);
  return result;
};
export const categoryOf = (scorecard: EntityScorecard, id: string) =>
  scorecard.categories.find(c => c.categoryId === id)!;

/** Annotations answering the tiny model's checks: `{ 'a.one': 'met' }`. */
export const answers = (values: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(values).map(([id, v]) => [`prodready.dev/check.${id}`, v]),
  );

export const portal = (
  checkId: string,
  status: ReadinessAnswer['status'],
  extra: Partial<ReadinessAnswer> = {},
): ReadinessAnswer => ({
  checkId,
  status,
  source: 'portal',
  answeredBy: 'user:default/alice',
  answeredAt: '2026-11-01T09:00:00.000Z',
  version: 1,
  ...extra,
});

/** An annotation answering not applicable, with its reason. */
export const na = 'na; reason=out-of-scope; note=not needed';
