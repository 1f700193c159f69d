import {
  answerInputSchema,
  describeIssues,
  isoDaySchema,
  roleInputSchema,
} from './validation';
import { rollupDetailQuerySchema, rollupListQuerySchema } from './api/requests';

const issuesOf = (result: { success: boolean; error?: any }) =>
  result.success ? '' : describeIssues(result.error);

describe('answerInputSchema', () => {
  it('accepts each status, trimming text fields', () => {
    for (const status of ['met', 'partially-met', 'not-met']) {
      expect(answerInputSchema.parse({ status })).toEqual({ status });
    }
    expect(
      answerInputSchema.parse({
        status: 'met',
        evidenceUrl: ' https://wiki.example.com/restore ',
        note: '  restored in 12 minutes ',
        version: 3,
      }),
    ).toEqual({
      status: 'met',
      evidenceUrl: 'https://wiki.example.com/restore',
      note: 'restored in 12 minutes',
      version: 3,
    });
  });

  it('requires a reason code and a text for not applicable', () => {
    expect(
      answerInputSchema.parse({
        status: 'not-applicable',
        notApplicableReason: 'architecture-constraint',
        notApplicableText: 'stateless',
      }),
    ).toEqual({
      status: 'not-applicable',
      notApplicableReason: 'architecture-constraint',
      notApplicableText: 'stateless',
    });
    expect(
      issuesOf(answerInputSchema.safeParse({ status: 'not-applicable' })),
    ).toBe(
      'notApplicableReason: is required when status is not-applicable; notApplicableText: is required when status is not-applicable',
    );
    expect(
      issuesOf(
        answerInputSchema.safeParse({
          status: 'not-applicable',
          notApplicableReason: 'other',
          notApplicableText: '   ',
        }),
      ),
    ).toBe('notApplicableText: is required when status is not-applicable');
  });

  it.each([
    [
      { status: 'done' },
      'status: must be one of met, partially-met, not-met, not-applicable',
    ],
    [{}, 'status: must be one of met, partially-met, not-met, not-applicable'],
    [
      { status: 'met', notApplicableReason: 'other' },
      'notApplicableReason: is only allowed when status is not-applicable',
    ],
    [
      { status: 'met', notApplicableText: 'x' },
      'notApplicableReason: is only allowed when status is not-applicable',
    ],
    [
      {
        status: 'not-applicable',
        notApplicableReason: 'lazy',
        notApplicableText: 'x',
      },
      'notApplicableReason: must be one of out-of-scope, business-priority, architecture-constraint, other',
    ],
    [
      { status: 'met', evidenceUrl: 'ftp://example.com/x' },
      'evidenceUrl: must be an http or https URL',
    ],
    [
      // eslint-disable-next-line no-script-url
      { status: 'met', evidenceUrl: 'javascript:alert(1)' },
      'evidenceUrl: must be an http or https URL',
    ],
    [
      { status: 'met', evidenceUrl: `https://example.com/${'x'.repeat(2100)}` },
      'evidenceUrl: must be an http or https URL',
    ],
    [
      { status: 'met', note: 'x'.repeat(2001) },
      'note: must be at most 2000 characters',
    ],
    [
      {
        status: 'not-applicable',
        notApplicableReason: 'other',
        notApplicableText: 'x'.repeat(2001),
      },
      'notApplicableText: must be at most 2000 characters',
    ],
    [{ status: 'met', version: -1 }, 'version: '],
    [{ status: 'met', version: 1.5 }, 'version: '],
    [{ status: 'met', answeredBy: 'user:default/mallory' }, 'Unrecognized key'],
  ])('rejects %j naming the field', (input, message) => {
    expect(issuesOf(answerInputSchema.safeParse(input))).toContain(message);
  });
});

describe('roleInputSchema', () => {
  it('normalises holders to user or group refs and drops duplicates', () => {
    expect(
      roleInputSchema.parse({
        holders: [
          'jane',
          'user:default/Jane',
          'group:ops/SRE',
          'Group:ops/sre',
        ],
        version: 0,
      }),
    ).toEqual({ holders: ['user:default/jane', 'group:ops/sre'], version: 0 });
    expect(roleInputSchema.parse({ holders: [] })).toEqual({ holders: [] });
  });

  it.each([
    [
      { holders: ['component:default/svc'] },
      "holders.0: 'component:default/svc' is a component; holders are users or groups",
    ],
    [
      { holders: ['alice', 'not a ref'] },
      "holders.1: 'not a ref' is not an entity ref",
    ],
    [
      { holders: Array.from({ length: 51 }, (_, i) => `u${i}`) },
      'holders: must name at most 50 holders',
    ],
    [{ holders: 'alice' }, 'holders: '],
    [{}, 'holders: '],
    [{ holders: [], extra: 1 }, 'Unrecognized key'],
  ])('rejects %j', (input, message) => {
    expect(issuesOf(roleInputSchema.safeParse(input))).toContain(message);
  });
});

describe('describeIssues', () => {
  it('prefixes paths, and leaves path-less issues alone', () => {
    const result = answerInputSchema.safeParse({ status: 'x', extra: 1 });
    expect(result.success).toBe(false);
    expect(describeIssues(result.error!, 'body')).toMatch(
      /^body\.status: .*; body: Unrecognized key/,
    );
    const top = roleInputSchema.safeParse('nope');
    expect(describeIssues(top.error!)).not.toMatch(/^\S+: /);
  });
});

describe('isoDaySchema', () => {
  it('takes a day that exists, and refuses one Date.parse would roll over', () => {
    expect(isoDaySchema.parse('2028-02-29')).toBe('2028-02-29');
    for (const [value, issue] of [
      ['2027-02-29', 'must be a real date'],
      ['2027-02-30', 'must be a real date'],
      ['2027-04-31', 'must be a real date'],
      ['2027-13-01', 'must be a real date'],
      ['2027-3-01', 'must be a date written YYYY-MM-DD'],
    ]) {
      expect(issuesOf(isoDaySchema.safeParse(value))).toContain(issue);
    }
  });

  it('is the date of the rollup reads: asOf is a day that exists', () => {
    for (const schema of [rollupListQuerySchema, rollupDetailQuerySchema]) {
      expect(schema.safeParse({ asOf: '2027-03-02' }).success).toBe(true);
      expect(issuesOf(schema.safeParse({ asOf: '2027-02-30' }))).toContain(
        'asOf: must be a real date',
      );
    }
  });
});
