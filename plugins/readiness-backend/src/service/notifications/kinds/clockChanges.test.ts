import {
  buildReadinessModel,
  EntityScorecard,
  notificationsConfigSchema,
  ReadinessExemption,
} from '@prodready/plugin-readiness-common';
import { NoticeContext, NoticeSubject } from '../noticeKind';
import { NOTICE_KINDS } from '../noticeKinds';
import { answerExpired } from './answerExpired';
import { answerExpiring } from './answerExpiring';
import { exemptionDecided } from './exemptionDecided';
import { levelDrop } from './levelDrop';
import { roleUnassigned } from './roleUnassigned';

/*
 * What a sweep that skips unchanged entities relies on: each kind whose
 * notices move with the time of day says when (an answer given at 14:23
 * expires at 14:23). Checked against the kind's own evaluate: just before
 * such an instant it finds one thing, just after another.
 */

const DAY = 86_400_000;
const context = (now: number): NoticeContext => ({
  model: buildReadinessModel(),
  config: notificationsConfigSchema.parse({}),
  now: new Date(now),
  snapshotDay: '2027-03-01',
});
const EXPIRES = Date.parse('2027-03-10T14:23:00.000Z');

function scorecardWith(
  checks: { checkId: string; source: string; expiresAt: string }[],
): EntityScorecard {
  return {
    entityRef: 'component:default/cart',
    kind: 'Component',
    owner: 'group:default/team-a',
    level: 'gold',
    lifecycleGate: { production: false, passed: true },
    roles: [],
    checks: checks.map(c => ({
      ...c,
      status: 'met',
      points: 1,
      problems: [],
      answer: { status: 'met', source: 'portal' },
    })),
  } as unknown as EntityScorecard;
}

const own = scorecardWith([
  {
    checkId: 'recoverability.restore-test',
    source: 'portal',
    expiresAt: new Date(EXPIRES).toISOString(),
  },
]);

const keys = (kind: typeof answerExpiring, now: number) =>
  kind.evaluate({ scorecard: own }, context(now)).map(n => n.key.period);

describe('the instants at which the clock alone changes what a kind finds', () => {
  it('an expiring answer: when its warning begins and when it expires', () => {
    const changes = answerExpiring.changesAt!({ scorecard: own }, context(0));
    const warning = EXPIRES - 14 * DAY;
    expect(changes).toEqual([warning, EXPIRES]);
    expect(keys(answerExpiring, warning - 1)).toEqual([]);
    expect(keys(answerExpiring, warning + 1)).toHaveLength(1);
    expect(keys(answerExpiring, EXPIRES)).toEqual([]);
  });

  it('an expired answer: when it expires', () => {
    expect(answerExpired.changesAt!({ scorecard: own }, context(0))).toEqual([
      EXPIRES,
    ]);
    expect(keys(answerExpired, EXPIRES - 1)).toEqual([]);
    expect(keys(answerExpired, EXPIRES)).toHaveLength(1);
  });

  it('a level: when any result expires, one inherited from the System too', () => {
    const inherited = new Date(EXPIRES + 3_600_000).toISOString();
    const scorecard = scorecardWith([
      {
        checkId: 'recoverability.backups',
        source: 'inherited',
        expiresAt: inherited,
      },
    ]);
    expect(levelDrop.changesAt!({ scorecard }, context(0))).toEqual([
      Date.parse(inherited),
    ]);
    // The answer expiry kinds leave an inherited answer to its System.
    expect(answerExpired.changesAt!({ scorecard }, context(0))).toEqual([]);
  });

  it('a decision: when it leaves the days it is told in', () => {
    const decidedAt = '2027-03-01T09:41:00.000Z';
    const exemptions = [
      {
        id: 'e1',
        entityRef: own.entityRef,
        checkId: 'recoverability.restore-test',
        reasonCode: 'planned-remediation',
        reasonText: 'Drill booked',
        endsOn: '2027-06-01',
        status: 'approved',
        requestedBy: 'user:default/alice',
        requestedAt: '2027-02-27T10:00:00.000Z',
        decidedBy: 'user:default/bob',
        decidedAt,
      } as ReadinessExemption,
    ];
    const leaves = Date.parse(decidedAt) + 30 * DAY;
    const subject = { scorecard: own, exemptions };
    expect(exemptionDecided.changesAt!(subject, context(0))).toEqual([leaves]);
    expect(
      exemptionDecided.evaluate(subject, context(leaves - 1)),
    ).toHaveLength(1);
    expect(exemptionDecided.evaluate(subject, context(leaves + 1))).toEqual([]);
  });

  it('a role unassigned: never by the clock alone', () => {
    expect(roleUnassigned.changesAt).toBeUndefined();
  });

  it('every kind finds the same all day on a day that holds none of its instants', () => {
    const subject: NoticeSubject = {
      scorecard: own,
      previousLevel: 'gold',
      exemptions: [
        {
          id: 'e1',
          entityRef: own.entityRef,
          checkId: 'recoverability.restore-test',
          reasonCode: 'planned-remediation',
          reasonText: 'Drill booked',
          endsOn: '2027-03-20',
          status: 'approved',
          requestedBy: 'user:default/alice',
          requestedAt: '2027-02-10T10:00:00.000Z',
          decidedBy: 'user:default/bob',
          decidedAt: '2027-02-11T09:41:00.000Z',
        } as ReadinessExemption,
      ],
    };
    const found = (kind: (typeof NOTICE_KINDS)[number], at: number) =>
      kind.evaluate(subject, context(at)).map(n => n.key);
    let moved = 0;
    const unexplained: string[] = [];
    // From before the answer's warning to after its expiry, a day at a time.
    for (
      let dayStart = Date.parse('2027-02-20T00:00:00Z');
      dayStart < Date.parse('2027-03-16T00:00:00Z');
      dayStart += DAY
    ) {
      const early = dayStart + 60_000;
      const late = dayStart + DAY - 60_000;
      for (const kind of NOTICE_KINDS) {
        const same =
          JSON.stringify(found(kind, early)) ===
          JSON.stringify(found(kind, late));
        const instants = kind.changesAt?.(subject, context(early)) ?? [];
        const named = instants.some(at => at > early && at <= late);
        if (!same && named) moved++;
        if (!same && !named) {
          unexplained.push(`${kind.id} on ${new Date(dayStart).toISOString()}`);
        }
      }
    }
    expect(unexplained).toEqual([]);
    // The warning began, the answer expired and the decision left its days.
    expect(moved).toBeGreaterThanOrEqual(3);
  });
});
