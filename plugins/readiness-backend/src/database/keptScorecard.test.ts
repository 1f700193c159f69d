import {
  keptScorecardJson,
  keptScorecardOf,
  StoredScorecard,
} from './storeRows';

/*
 * A kept detail is sent as stored, with the time it was confirmed at: the
 * text must be what JSON.stringify of the scorecard writes, each key once,
 * whether the detail was kept without its computedAt (as it is written now)
 * or with it (rows moved by the compact_scorecards migration from before
 * the detail was stored without it).
 */
describe('a kept scorecard as JSON text', () => {
  const scorecard = {
    entityRef: 'component:default/zürich',
    title: 'Équipe “Zürich” – ops 🚀',
    computedAt: '2026-11-01T00:00:00.000Z',
    checks: [{ checkId: 'a', status: 'met' }],
    owner: 'group:default/ops',
  };
  const stored = (detail: object): StoredScorecard => ({
    member: { entityRef: scorecard.entityRef } as StoredScorecard['member'],
    fingerprint: 'f',
    computedAt: '2026-11-02T00:00:00.000Z',
    checks: {},
    detailJson: JSON.stringify(detail),
  });
  const confirmed = '2026-11-03T00:00:00.000Z';

  it.each([
    ['without its computedAt', { ...scorecard, computedAt: undefined }],
    ['with its own computedAt', scorecard],
  ])(
    'kept %s: the scorecard as of the time given, each key once',
    (_, detail) => {
      const kept = stored(detail);
      const json = keptScorecardJson(kept, confirmed)!;
      expect(JSON.parse(json)).toEqual({ ...scorecard, computedAt: confirmed });
      expect(JSON.stringify(JSON.parse(json))).toBe(json);
      expect(JSON.parse(keptScorecardJson(kept)!).computedAt).toBe(
        kept.computedAt,
      );
      expect(keptScorecardOf(kept, confirmed)).toEqual(JSON.parse(json));
    },
  );

  it('is undefined when no detail is kept', () => {
    const { detailJson, ...summary } = stored(scorecard);
    expect(keptScorecardJson(summary)).toBeUndefined();
    expect(keptScorecardOf(summary)).toBeUndefined();
  });
});
