import {
  buildReadinessModel,
  Campaign,
  EntityScorecard,
  notificationsConfigSchema,
} from '@prodready/plugin-readiness-common';
import {
  campaignOverdue,
  campaignReminder,
  campaignStart,
} from './campaignNotices';

const model = buildReadinessModel();
const config = notificationsConfigSchema.parse({});
const scorecard = {
  entityRef: 'component:default/cart',
  title: 'Cart',
  owner: 'group:default/team-a',
} as unknown as EntityScorecard;
const campaign: Campaign = {
  id: 'silver',
  title: 'Silver by New Year',
  filter: {},
  target: { level: 'silver' },
  startDate: '2026-11-15',
  deadline: '2026-12-31',
  source: 'portal',
  version: 1,
};
const at = (day: string) => ({
  model,
  config,
  now: new Date(`${day}T09:00:00Z`),
});
const subject = (done: boolean) => ({
  scorecard,
  campaigns: [{ campaign, done }],
});

describe('campaign notices', () => {
  it('tell the owner of an entity not done that the campaign started', () => {
    const [notice] = campaignStart.evaluate(subject(false), at('2026-12-01'));
    expect(notice).toMatchObject({
      key: {
        kind: 'campaign-start',
        scope: expect.stringContaining('silver'),
        period: '2026-11-15',
      },
      recipients: ['group:default/team-a'],
      payload: {
        title: 'Campaign started: Silver by New Year',
        link: expect.stringContaining(
          '/catalog/default/component/cart/readiness',
        ),
        topic: 'Readiness: campaign',
      },
    });
    expect(campaignStart.evaluate(subject(false), at('2026-11-14'))).toEqual(
      [],
    );
  });

  it('keep the key of a done entity, sending it nothing, so it is not told again when it is not done again', () => {
    const done = campaignStart.evaluate(subject(true), at('2026-12-01'));
    expect(done).toEqual([
      expect.objectContaining({
        key: campaignStart.evaluate(subject(false), at('2026-12-01'))[0].key,
        recipients: [],
      }),
    ]);
    const overdue = campaignOverdue.evaluate(subject(true), at('2027-01-01'));
    expect(overdue.map(n => [n.key.period, n.recipients])).toEqual([
      ['2026-12-31', []],
    ]);
  });

  it('do not say again that a campaign started when its passed deadline is moved later', () => {
    const started = campaignStart.evaluate(subject(false), at('2026-12-01'));
    // Overdue: the start's key is kept (nothing sent), so a complete pass
    // does not forget it...
    const overdue = campaignStart.evaluate(subject(false), at('2027-01-05'));
    expect(overdue.map(n => [n.key, n.recipients])).toEqual([
      [started[0].key, []],
    ]);
    // ...and the same key comes back once the deadline moves.
    const moved = {
      scorecard,
      campaigns: [
        { campaign: { ...campaign, deadline: '2027-02-28' }, done: false },
      ],
    };
    const again = campaignStart.evaluate(moved, at('2027-01-06'));
    expect(again.map(n => n.key)).toEqual([started[0].key]);
  });

  it('remind within the configured days of the deadline, then say overdue', () => {
    expect(campaignReminder.evaluate(subject(false), at('2026-12-23'))).toEqual(
      [],
    );
    const [reminder] = campaignReminder.evaluate(
      subject(false),
      at('2026-12-24'),
    );
    expect(reminder.key.period).toBe('2026-12-31');
    expect(campaignOverdue.evaluate(subject(false), at('2026-12-31'))).toEqual(
      [],
    );
    const [overdue] = campaignOverdue.evaluate(
      subject(false),
      at('2027-01-01'),
    );
    expect(overdue.payload).toMatchObject({ severity: 'high' });
  });

  it('do not remind before the campaign starts, though its deadline is near', () => {
    // Starts on the 28th, due on the 31st: within the reminder days before it starts.
    const late = { ...campaign, startDate: '2026-12-28' };
    const asked = { scorecard, campaigns: [{ campaign: late, done: false }] };
    expect(campaignReminder.evaluate(asked, at('2026-12-26'))).toEqual([]);
    expect(campaignStart.evaluate(asked, at('2026-12-26'))).toEqual([]);
    expect(
      campaignReminder.evaluate(asked, at('2026-12-28')).map(n => n.key.kind),
    ).toEqual(['campaign-reminder']);
  });

  it('tell nobody of a campaign whose target the model no longer has: it cannot be reached', () => {
    const unreachable = (target: Campaign['target']) => ({
      scorecard,
      campaigns: [{ campaign: { ...campaign, target }, done: false }],
    });
    for (const target of [
      { level: 'platinum' },
      { checks: ['monitoring.metrics', 'no.such-check'] },
    ]) {
      for (const [kind, day] of [
        [campaignStart, '2026-12-01'],
        [campaignReminder, '2026-12-28'],
        [campaignOverdue, '2027-01-02'],
      ] as const) {
        expect(kind.evaluate(unreachable(target), at(day))).toEqual([]);
      }
    }
    // The same campaigns with a target the model has are told.
    expect(
      campaignStart.evaluate(
        unreachable({ checks: ['monitoring.metrics'] }),
        at('2026-12-01'),
      ),
    ).toHaveLength(1);
  });
});
