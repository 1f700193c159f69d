import {
  catalogOf,
  component,
  NOW,
  tinyModel,
} from '../__testUtils__/fixtures';
import type { ReadinessExemption } from '../exemptions/types';
import { nextExemptionChange } from '../exemptions/exemptionDates';
import { EntityScorecard } from '../types';
import { ReadinessEngine } from './engine';
import { addToAggregate, emptyAggregate } from './rollupAggregate';
import { toRollupMember } from './rollups';

/*
 * Exemptions from the requirement: an approved exemption before its end
 * date makes a failing check `exempt` (out of the denominator like N/A, not
 * blocking levels); a pending one counts as not met; after the end date the
 * check counts again; rollups count exemptions and those ending within 30
 * days.
 */

const catalog = catalogOf(['group:default/team-a']);
const engine = new ReadinessEngine(tinyModel());

/** Everything met but the silver gate b.one. */
const entity = component('svc', {
  'prodready.dev/check.a.one': 'met',
  'prodready.dev/check.a.two': 'met',
  'prodready.dev/check.a.expiring': `met; date=2026-11-20`,
  'prodready.dev/check.b.one': 'not-met',
  'prodready.dev/check.b.two': 'met',
});

const exemption = (
  over: Partial<ReadinessExemption> = {},
): ReadinessExemption => ({
  id: 'e1',
  entityRef: 'component:default/svc',
  checkId: 'b.one',
  reasonCode: 'planned-remediation',
  reasonText: 'Fix booked for December',
  endsOn: '2027-01-01',
  status: 'approved',
  requestedBy: 'user:default/alice',
  requestedAt: '2026-11-20T10:00:00.000Z',
  decidedBy: 'user:default/carol',
  decidedAt: '2026-11-21T10:00:00.000Z',
  version: 2,
  ...over,
});

const score = (exemptions: ReadinessExemption[], now = NOW) =>
  engine.score({ entity, exemptions }, { now, catalog });
const checkOf = (scorecard: EntityScorecard, id: string) =>
  scorecard.checks.find(c => c.checkId === id)!;

describe('exemptions in scoring', () => {
  it('without one, the failing silver gate holds the entity at bronze', () => {
    const scorecard = score([]);
    expect(scorecard.level).toBe('bronze');
    expect(checkOf(scorecard, 'b.one')).toMatchObject({
      status: 'not-met',
      points: 0,
    });
  });

  it('an approved exemption before its end date makes the check exempt: out of the denominator, blocking no level', () => {
    const scorecard = score([exemption()]);
    const result = checkOf(scorecard, 'b.one');
    expect(result).toMatchObject({
      status: 'exempt',
      points: null,
      exemption: { id: 'e1', status: 'approved', endsOn: '2027-01-01' },
    });
    expect(scorecard.level).toBe('gold');
    expect(scorecard.gateFailures).toBe(0);
    const b = scorecard.categories.find(c => c.categoryId === 'b')!;
    // Only b.two counts: 100, like an N/A b.one would give.
    expect(b.score).toBe(100);
    expect(b.counts.exempt).toBe(1);
    expect(b.counts['not-applicable']).toBe(0);
    expect(scorecard.score).toBe(100);
  });

  it('a pending exemption counts as not met, and is shown', () => {
    const scorecard = score([exemption({ status: 'pending' })]);
    expect(checkOf(scorecard, 'b.one')).toMatchObject({
      status: 'not-met',
      points: 0,
      exemption: { status: 'pending' },
    });
    expect(scorecard.level).toBe('bronze');
  });

  it('a rejected exemption changes nothing', () => {
    const scorecard = score([exemption({ status: 'rejected' })]);
    expect(checkOf(scorecard, 'b.one').status).toBe('not-met');
    expect(checkOf(scorecard, 'b.one').exemption).toBeUndefined();
  });

  it('from its end date the check counts again', () => {
    const lastDay = score([exemption()], new Date('2026-12-31T23:59:59Z'));
    expect(checkOf(lastDay, 'b.one').status).toBe('exempt');
    const ended = score([exemption()], new Date('2027-01-01T00:00:00Z'));
    expect(checkOf(ended, 'b.one')).toMatchObject({
      status: 'not-met',
      points: 0,
    });
    expect(checkOf(ended, 'b.one').exemption).toBeUndefined();
    expect(ended.level).toBe('bronze');
  });

  it('leaves a check that is met as it is', () => {
    const scorecard = score([exemption({ checkId: 'b.two' })]);
    expect(checkOf(scorecard, 'b.two')).toMatchObject({
      status: 'met',
      points: 1,
    });
  });

  it('an entity whose every applicable check is exempt is not assessed', () => {
    const failing = component('svc', {});
    const all = ['a.one', 'a.two', 'a.expiring', 'b.one', 'b.two'].map(
      (checkId, i) => exemption({ id: `e${i}`, checkId }),
    );
    const scorecard = engine.score(
      { entity: failing, exemptions: all },
      { now: NOW, catalog },
    );
    expect(scorecard.notAssessed).toEqual({
      applicableChecks: 0,
      minimumApplicableChecks: 1,
    });
    expect(scorecard.level).toBeNull();
  });

  it('rollups count exemptions in force and those ending within 30 days, as sums', () => {
    const far = toRollupMember(score([exemption()]));
    expect(far.exemptions).toEqual({ active: 1, endingSoon: 0 });
    const soon = toRollupMember(score([exemption({ endsOn: '2026-12-20' })]));
    expect(soon.exemptions).toEqual({ active: 1, endingSoon: 1 });
    expect(toRollupMember(score([])).exemptions).toBeUndefined();

    const aggregate = addToAggregate(
      addToAggregate(emptyAggregate(), far),
      soon,
    );
    expect(aggregate.exemptions).toEqual({ active: 2, endingSoon: 1 });
    addToAggregate(aggregate, soon, -1);
    addToAggregate(aggregate, far, -1);
    expect(aggregate).toEqual(emptyAggregate());
  });

  it('rollups read exemptions from scorecards stored before category counts had them', () => {
    const scorecard = score([exemption()]);
    const older: EntityScorecard = {
      ...scorecard,
      categories: scorecard.categories.map(({ counts, ...category }) => {
        const { exempt, ...countsBefore } = counts;
        return { ...category, counts: countsBefore as typeof counts };
      }),
    };
    expect(toRollupMember(older).exemptions).toEqual({
      active: 1,
      endingSoon: 0,
    });
  });

  it('the next change of an exemption is 30 days before its end, then its end', () => {
    const now = Date.parse('2026-11-26T12:00:00Z');
    expect(nextExemptionChange([exemption()], now)).toBe(
      Date.parse('2026-12-02T00:00:00Z'),
    );
    expect(
      nextExemptionChange([exemption({ endsOn: '2026-12-20' })], now),
    ).toBe(Date.parse('2026-12-20T00:00:00Z'));
    expect(nextExemptionChange([exemption({ status: 'pending' })], now)).toBe(
      0,
    );
  });
});
