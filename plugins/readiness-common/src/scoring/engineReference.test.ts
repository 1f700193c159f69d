import { createHash } from 'crypto';
import { buildReadinessModel } from '../model/buildModel';
import {
  benchDetectors,
  generateOrg,
  NOW,
  syntheticInheritables,
  syntheticScoringInput,
} from '../testUtils';
import { entityRefOf } from '../refs';
import { ReadinessModel } from '../types';
import type { ReadinessExemption } from '../exemptions/types';
import { EntityScoringInput, nextOwnExpiryOf, ReadinessEngine } from './engine';
import { computeRollups, toRollupMember } from './rollups';

/*
 * The engine's output on a seeded organisation, pinned: every scorecard,
 * rollup member and rollup (as the backend stores them, JSON with its key
 * order) hashes to the value the engine of commit 4b81166 gave, before it
 * was made faster. Any optimisation that changes a result, a key order or
 * what is shared must fail here. The organisation is the benchmark's, plus
 * staged checks and exemptions of every kind. When a result is meant to
 * change (the default checklist, the generator, a scoring rule), the
 * failure shows the new hashes to put here, in the same commit.
 */

const ENTITIES = 4000;
const SEED = 1109;
const DAY = 86_400_000;
const day = (offset: number) =>
  new Date(NOW.getTime() + offset * DAY).toISOString().slice(0, 10);

/**
 * The default model with checks staged in the future (two dates) and in the
 * past, and a minimum of applicable checks that Resources (fewer checks) miss.
 */
function stagedModel(): ReadinessModel {
  const model = buildReadinessModel();
  const staged: Record<number, string> = {
    3: day(20),
    11: day(20),
    17: day(45),
    25: day(-3),
  };
  return {
    ...model,
    minimumApplicableChecks: 28,
    checks: model.checks.map((check, i) =>
      staged[i] && check.scoredBy !== 'role-health'
        ? { ...check, effectiveFrom: staged[i] }
        : check,
    ),
  };
}

/** Exemptions of every kind on every fifth entity, chosen from its index. */
function exemptionsOf(
  ref: string,
  index: number,
  model: ReadinessModel,
): ReadinessExemption[] | undefined {
  if (index % 5 !== 0) return undefined;
  const kinds: Pick<ReadinessExemption, 'status' | 'endsOn'>[] = [
    { status: 'approved', endsOn: day(90) },
    { status: 'approved', endsOn: day(10) }, // ending soon
    { status: 'approved', endsOn: day(-1) }, // ended: counts again
    { status: 'pending', endsOn: day(60) },
    { status: 'rejected', endsOn: day(60) },
  ];
  const exemptions: ReadinessExemption[] = [];
  const count = 1 + (index % 4);
  for (let k = 0; k < count; k++) {
    // The same check twice for some entities: the preferred one must win.
    const check =
      model.checks[(index * 7 + (k % 3) * 13) % model.checks.length];
    const kind = kinds[(index / 5 + k) % kinds.length];
    exemptions.push({
      id: `ex-${index}-${k}`,
      entityRef: ref,
      checkId: check.id,
      reasonCode: 'planned-remediation',
      reasonText: `fix planned (${k})`,
      ...kind,
      requestedBy: 'user:default/alice',
      requestedAt: '2026-11-01T10:00:00.000Z',
      ...(kind.status !== 'pending'
        ? {
            decidedBy: 'user:default/bob',
            decidedAt: '2026-11-02T10:00:00.000Z',
          }
        : {}),
      version: 1,
    });
  }
  return exemptions;
}

function scoreAll() {
  const model = stagedModel();
  const org = generateOrg(model, ENTITIES, SEED);
  const engine = new ReadinessEngine(model, benchDetectors);
  const context = { now: NOW, catalog: org.catalog };
  const inheritables = syntheticInheritables(engine, org);
  const inputs: EntityScoringInput[] = org.scored.map((entity, index) => ({
    ...syntheticScoringInput(org, entity, inheritables),
    exemptions: exemptionsOf(entityRefOf(entity), index, model),
  }));
  const scorecards = inputs.map(input => engine.score(input, context));
  const members = scorecards.map(toRollupMember);
  const { rollups, problems } = computeRollups(members, org.structure);
  // A second engine: nothing it shares between entities comes from scoring.
  const summarizer = new ReadinessEngine(model, benchDetectors);
  const summaries = inputs.map(input => summarizer.summarize(input, context));
  return { scorecards, members, rollups, problems, summaries };
}

/** Objects with their keys sorted: the order sums were added in is not a result. */
const sortedKeys = (_key: string, value: unknown) =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(
        Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1)),
      )
    : value;

function hashOf(values: unknown[]): string {
  const hash = createHash('sha1');
  for (const value of values) {
    hash.update(JSON.stringify(value, sortedKeys)).update('\n');
  }
  return hash.digest('hex');
}

describe('the engine on a seeded organisation', () => {
  const result = scoreAll();

  it('covers every way a check is resolved', () => {
    const statuses = new Map<string, number>();
    const sources = new Map<string, number>();
    let conflicts = 0;
    let pendingShown = 0;
    for (const scorecard of result.scorecards) {
      for (const check of scorecard.checks) {
        statuses.set(check.status, (statuses.get(check.status) ?? 0) + 1);
        sources.set(check.source, (sources.get(check.source) ?? 0) + 1);
        if (check.conflict) conflicts++;
        if (check.exemption?.status === 'pending') pendingShown++;
      }
    }
    for (const status of [
      'met',
      'partially-met',
      'not-met',
      'not-applicable',
      'unknown',
      'expired',
      'exempt',
      'upcoming',
    ]) {
      expect(statuses.get(status)).toBeGreaterThan(0);
    }
    for (const source of [
      'portal',
      'annotation',
      'automatic',
      'inherited',
      'role-health',
      'none',
    ]) {
      expect(sources.get(source)).toBeGreaterThan(0);
    }
    expect(conflicts).toBeGreaterThan(0);
    expect(pendingShown).toBeGreaterThan(0);
    expect(result.scorecards.some(s => s.upcoming?.length === 2)).toBe(true);
    expect(result.members.some(m => m.exemptions?.endingSoon)).toBe(true);
    expect(result.scorecards.some(s => s.notAssessed)).toBe(true);
  });

  it('gives exactly the scorecards, members and rollups of the reference engine', () => {
    expect({
      scorecards: hashOf(result.scorecards),
      members: hashOf(result.members),
      rollups: hashOf([result.rollups, result.problems]),
    }).toEqual({
      scorecards: '0674b7d36d7796649ff0c2b6e65db1ec28e08e4e',
      members: 'b5a7352a63c836752a9a1a64e25076e3fd296820',
      rollups: '58cf1a534857f1c185185e04700a20e29b324de6',
    });
  });

  it('summarizes every entity as its scorecard says: the same member, the same statuses', () => {
    result.scorecards.forEach((scorecard, i) => {
      const summary = result.summaries[i];
      // Same fields, same order, nothing undefined: what is stored is the same JSON.
      expect(summary.member).toStrictEqual(result.members[i]);
      expect(JSON.stringify(summary.member)).toBe(
        JSON.stringify(result.members[i]),
      );
      expect(summary.title).toBe(scorecard.title);
      expect(summary.checkIds).toEqual(scorecard.checks.map(c => c.checkId));
      expect(summary.statuses).toEqual(scorecard.checks.map(c => c.status));
      expect(scorecard.checks.map((_, j) => summary.wouldBe?.[j])).toEqual(
        scorecard.checks.map(c => c.upcoming?.status),
      );
      expect(summary.nextExpiry).toBe(nextOwnExpiryOf(scorecard.checks));
    });
  });

  it("finds when an entity's own answers expire, and not its System's", () => {
    const withExpiry = result.summaries.filter(s => s.nextExpiry);
    expect(withExpiry.length).toBeGreaterThan(0);
    expect(withExpiry.length).toBeLessThan(result.summaries.length);
    // Some entities have only answers of their System that expire.
    expect(
      result.scorecards.some(
        (scorecard, i) =>
          !result.summaries[i].nextExpiry &&
          scorecard.checks.some(c => c.expiresAt && c.source === 'inherited'),
      ),
    ).toBe(true);
    // Past expiries count too: an expired answer is still to be renewed.
    expect(
      withExpiry.some(s => Date.parse(s.nextExpiry!) <= NOW.getTime()),
    ).toBe(true);
    expect(
      withExpiry.some(s => Date.parse(s.nextExpiry!) > NOW.getTime()),
    ).toBe(true);
  });
});
