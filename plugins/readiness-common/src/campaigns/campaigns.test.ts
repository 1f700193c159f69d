import { GroupHierarchy } from '../scoring/groupHierarchy';
import { defaultChecks } from '../model/checks';
import { defaultLevels } from '../model/levels';
import { describeIssues } from '../validation';
import { readinessModelConfigSchema } from '../model/config';
import {
  Campaign,
  campaignCounts,
  campaignEntityStatus,
  campaignInputSchema,
} from './campaign';
import {
  CAMPAIGN_TOTAL,
  CampaignCandidate,
  CampaignEvaluator,
  CampaignGroupCounts,
  moveCampaignCounts,
  ownerChain,
} from './progress';

const model = { levels: defaultLevels, checks: defaultChecks };
const campaign = (over: Partial<Campaign>): Campaign => ({
  id: 'c',
  title: 'C',
  filter: {},
  target: { level: 'silver' },
  startDate: '2026-11-01',
  deadline: '2026-12-31',
  source: 'portal',
  version: 1,
  ...over,
});
const candidate = (
  over: Partial<CampaignCandidate['member']> = {},
  checks: CampaignCandidate['checks'] = {},
  tags?: string[],
): CampaignCandidate => ({
  member: {
    entityRef: 'component:default/a',
    kind: 'component',
    owner: 'group:default/payments',
    level: null,
    ...over,
  },
  checks,
  tags,
});
const hierarchy = new GroupHierarchy([
  { ref: 'group:default/eng' },
  { ref: 'group:default/payments', parent: 'group:default/eng' },
  { ref: 'group:default/search', parent: 'group:default/eng' },
]);

describe('campaignInputSchema', () => {
  it('names the field of a bad input', () => {
    const result = campaignInputSchema.safeParse({
      title: 'x',
      filter: { owners: ['not a ref!!'] },
      target: { level: 'silver' },
      deadline: '2026-02-30',
    });
    expect(result.success).toBe(false);
    const message = describeIssues(result.error!);
    expect(message).toMatch(/filter\.owners\.0/);
    const badDay = campaignInputSchema.safeParse({
      title: 'x',
      target: { level: 'silver' },
      deadline: '2026-02-30',
    });
    expect(describeIssues(badDay.error!)).toMatch(
      /deadline: must be a real date/,
    );
  });

  it('normalises refs and refuses a start after the deadline', () => {
    const ok = campaignInputSchema.parse({
      title: ' Silver ',
      filter: { owners: ['payments'], kinds: ['Component'] },
      target: { checks: ['recoverability.restore-test'] },
      deadline: '2026-12-31',
    });
    expect(ok.title).toBe('Silver');
    expect(ok.filter.owners).toEqual(['group:default/payments']);
    expect(ok.filter.kinds).toEqual(['component']);
    const late = campaignInputSchema.safeParse({
      title: 'x',
      target: { level: 'silver' },
      startDate: '2027-01-01',
      deadline: '2026-12-31',
    });
    expect(describeIssues(late.error!)).toMatch(/startDate/);
  });

  it('needs a start date in app-config, so a restart on another day does not start it again', () => {
    const undated = readinessModelConfigSchema.safeParse({
      campaigns: [
        {
          id: 'a',
          title: 'A',
          target: { level: 'bronze' },
          deadline: '2027-01-01',
        },
      ],
    });
    expect(describeIssues(undated.error!)).toMatch(/campaigns\.0\.startDate/);
    const dated = readinessModelConfigSchema.safeParse({
      campaigns: [
        {
          id: 'a',
          title: 'A',
          target: { level: 'bronze' },
          startDate: '2026-12-01',
          deadline: '2027-01-01',
        },
      ],
    });
    expect(dated.success).toBe(true);
  });

  it('is part of the readiness config, ids unique', () => {
    const config = readinessModelConfigSchema.safeParse({
      campaigns: [
        {
          id: 'a',
          title: 'A',
          target: { level: 'bronze' },
          startDate: '2026-12-01',
          deadline: '2027-01-01',
        },
        {
          id: 'a',
          title: 'B',
          target: { level: 'bronze' },
          startDate: '2026-12-01',
          deadline: '2027-01-01',
        },
      ],
    });
    expect(describeIssues(config.error!)).toMatch(/campaigns\.1\.id/);
  });
});

describe('CampaignEvaluator', () => {
  it('counts owners of descendant groups under an owner filter', () => {
    const e = new CampaignEvaluator(
      campaign({ filter: { owners: ['group:default/eng'] } }),
      model,
    );
    const c = candidate();
    expect(e.matches(c, ownerChain(c.member.owner, hierarchy))).toBe(true);
    const other = candidate({ owner: 'group:default/elsewhere' });
    expect(e.matches(other, ownerChain(other.member.owner, hierarchy))).toBe(
      false,
    );
  });

  it('filters by kind, system, lifecycle and tags', () => {
    const e = new CampaignEvaluator(
      campaign({
        filter: {
          kinds: ['component'],
          systems: ['system:default/pay'],
          lifecycles: ['production'],
          tags: ['pci'],
        },
      }),
      model,
    );
    const base = { system: 'system:default/pay', lifecycle: 'production' };
    expect(e.matches(candidate(base, {}, ['pci']), [])).toBe(true);
    expect(e.matches(candidate(base, {}, ['web']), [])).toBe(false);
    expect(
      e.matches(candidate({ ...base, kind: 'api' }, {}, ['pci']), []),
    ).toBe(false);
    expect(
      e.matches(
        candidate({ ...base, lifecycle: 'experimental' }, {}, ['pci']),
        [],
      ),
    ).toBe(false);
  });

  it('is done at or above the target level, else names the gate checks missing', () => {
    const e = new CampaignEvaluator(campaign({}), model);
    expect(e.evaluate(candidate({ level: 'gold' })).done).toBe(true);
    expect(e.evaluate(candidate({ level: 'silver' })).done).toBe(true);
    const gate = defaultChecks.find(c => c.gate && c.level === 'silver')!;
    const below = e.evaluate(
      candidate({ level: 'bronze' }, { [gate.id]: 'not-met' }),
    );
    expect(below).toEqual({ done: false, missing: [gate.id] });
    expect(
      e.evaluate(candidate({ level: 'gold', notAssessed: true })).done,
    ).toBe(false);
  });

  it('is done when every listed check is met or does not apply', () => {
    const e = new CampaignEvaluator(
      campaign({ target: { checks: ['a', 'b', 'c'] } }),
      model,
    );
    expect(
      e.evaluate(candidate({}, { a: 'met', b: 'not-applicable' })),
    ).toEqual({ done: true, missing: [] });
    expect(e.evaluate(candidate({}, { a: 'expired', b: 'met' }))).toEqual({
      done: false,
      missing: ['a'],
    });
  });
});

describe('campaign counts', () => {
  it('nest like rollups: a group counts its descendants once each', () => {
    const counts: CampaignGroupCounts = new Map();
    moveCampaignCounts(
      counts,
      ownerChain('group:default/payments', hierarchy),
      true,
      1,
    );
    moveCampaignCounts(
      counts,
      ownerChain('group:default/search', hierarchy),
      false,
      1,
    );
    expect(counts.get('group:default/eng')).toEqual({ total: 2, done: 1 });
    expect(counts.get(CAMPAIGN_TOTAL)).toEqual({ total: 2, done: 1 });
    moveCampaignCounts(
      counts,
      ownerChain('group:default/payments', hierarchy),
      true,
      -1,
    );
    expect(counts.get('group:default/eng')).toEqual({ total: 1, done: 0 });
  });

  it('are overdue only after the deadline', () => {
    expect(campaignCounts(5, 2, '2026-11-30', '2026-12-01').overdue).toBe(3);
    expect(campaignCounts(5, 2, '2026-12-01', '2026-12-01').overdue).toBe(0);
    expect(campaignEntityStatus(false, '2026-11-30', '2026-12-01')).toBe(
      'overdue',
    );
  });
});
