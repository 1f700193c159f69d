import fc from 'fast-check';
import {
  checkAnnotationKey,
  isHttpUrl,
  isIsoDate,
  parseReadinessAnnotations,
  roleAnnotationKey,
} from './annotations';
import { buildReadinessModel } from './model/buildModel';
import { entity } from './__testUtils__/fixtures';

const model = buildReadinessModel();
const annotationModel = {
  checks: new Map(model.checks.map(c => [c.id, c])),
  roleIds: new Set(model.roles.map(r => r.id)),
};

function parse(
  annotations: Record<string, string>,
  kind = 'Component',
  namespace = 'default',
) {
  return parseReadinessAnnotations(
    entity(kind, 'svc', { annotations, namespace }),
    annotationModel,
  );
}

/** Parses one check annotation: its answer, or the problem messages. */
function answerOf(checkId: string, value: string) {
  const parsed = parse({ [checkAnnotationKey(checkId)]: value });
  return {
    answer: parsed.answers.get(checkId),
    invalid: parsed.invalidChecks.has(checkId),
    problems: parsed.problems.map(p => p.message),
  };
}

describe('annotation keys', () => {
  it('live under prodready.dev/', () => {
    expect(checkAnnotationKey('recoverability.restore-test')).toBe(
      'prodready.dev/check.recoverability.restore-test',
    );
    expect(roleAnnotationKey('dba')).toBe('prodready.dev/role.dba');
  });
});

describe('check annotations', () => {
  it('refuses control characters in evidence and notes, as the API does', () => {
    const evidence = answerOf(
      'monitoring.metrics',
      'met; evidence=https://example.com/a\u0000b',
    );
    expect(evidence.invalid).toBe(true);
    expect(evidence.problems.join(' ')).toContain(
      'evidence must not contain control characters',
    );
    const note = answerOf('monitoring.metrics', 'met; note=ring \u0007 twice');
    expect(note.invalid).toBe(true);
    expect(note.problems.join(' ')).toContain(
      'note must not contain control characters',
    );
    // A line break or a tab is text.
    expect(
      answerOf('monitoring.metrics', 'met; note=first\n\tsecond').problems,
    ).toEqual([]);
  });

  it.each([
    ['met', 'met'],
    ['partial', 'partially-met'],
    ['partially-met', 'partially-met'],
    ['not-met', 'not-met'],
    ['MET', 'met'],
    ['  Not-Met  ', 'not-met'],
  ])('read %j as %s', (value, status) => {
    expect(answerOf('monitoring.metrics', value)).toEqual({
      answer: {
        checkId: 'monitoring.metrics',
        status,
        source: 'annotation',
        answeredBy: 'annotation',
      },
      invalid: false,
      problems: [],
    });
  });

  it('reads date, evidence and note, in any order and case, ignoring blanks and empty fields', () => {
    expect(
      answerOf(
        'recoverability.restore-test',
        ' met ;NOTE = weekly drill ; ; Evidence=https://wiki.example.com/restore?id=1&x=y ; date=2026-09-14;',
      ).answer,
    ).toEqual({
      checkId: 'recoverability.restore-test',
      status: 'met',
      source: 'annotation',
      answeredBy: 'annotation',
      answeredAt: '2026-09-14',
      evidenceUrl: 'https://wiki.example.com/restore?id=1&x=y',
      note: 'weekly drill',
    });
  });

  it('reads a not-applicable answer with its reason code and explanation', () => {
    for (const word of ['na', 'not-applicable', 'NA']) {
      expect(
        answerOf(
          'cost.people-cost',
          `${word}; reason=out-of-scope; note=internal batch tool`,
        ).answer,
      ).toEqual({
        checkId: 'cost.people-cost',
        status: 'not-applicable',
        source: 'annotation',
        answeredBy: 'annotation',
        notApplicableReason: 'out-of-scope',
        notApplicableText: 'internal batch tool',
      });
    }
  });

  it('accepts an expiring check answered not applicable without a date', () => {
    expect(
      answerOf(
        'recoverability.restore-test',
        'na; reason=architecture-constraint; note=stateless, nothing to restore',
      ).answer?.status,
    ).toBe('not-applicable');
  });

  it.each([
    ['done', "'done' is not a status; use met, partial, not-met or na"],
    ['', "'' is not a status; use met, partial, not-met or na"],
    [
      'constructor',
      "'constructor' is not a status; use met, partial, not-met or na",
    ],
    [
      'toString; note=x',
      "'toString' is not a status; use met, partial, not-met or na",
    ],
    [
      'met; date=2026-02-30',
      "date '2026-02-30' is not a date written YYYY-MM-DD",
    ],
    [
      'met; date=yesterday',
      "date 'yesterday' is not a date written YYYY-MM-DD",
    ],
    [
      'met; evidence=ftp://files.example.com/x',
      "evidence 'ftp://files.example.com/x' is not an http or https URL",
    ],
    [
      'met; evidence=javascript:alert(1)',
      "evidence 'javascript:alert(1)' is not an http or https URL",
    ],
    [
      'met; evidence=/wiki/page',
      "evidence '/wiki/page' is not an http or https URL",
    ],
    ['na; note=not needed', 'a not-applicable answer needs reason=<code>'],
    ['na; reason=other', 'a not-applicable answer needs note=<why>'],
    [
      'na; reason=too-hard; note=x',
      "reason 'too-hard' is not one of out-of-scope, business-priority, architecture-constraint, other",
    ],
    ['met; reason=other', 'reason is only allowed on a not-applicable answer'],
    [
      'met; owner=alice',
      "unknown field 'owner'; use date, evidence, reason or note",
    ],
    [
      'met; Owner = alice',
      "unknown field 'owner'; use date, evidence, reason or note",
    ],
    ['met; note', "field 'note' needs a value written note=<value>"],
    ['met; Note=  ', "field 'note' needs a value written note=<value>"],
    ['met; note=a; note=b', "field 'note' is given twice"],
    [`met; note=${'x'.repeat(2001)}`, 'note is longer than 2000 characters'],
  ])(
    'lists %j as a problem naming the key; the check counts as unknown',
    (value, message) => {
      const parsed = parse({ 'prodready.dev/check.monitoring.metrics': value });
      expect(parsed.answers.size).toBe(0);
      expect(parsed.invalidChecks).toEqual(new Set(['monitoring.metrics']));
      expect(parsed.problems).toEqual([
        {
          key: 'prodready.dev/check.monitoring.metrics',
          checkId: 'monitoring.metrics',
          message,
        },
      ]);
    },
  );

  it('requires a date on checks that expire', () => {
    expect(answerOf('recoverability.restore-test', 'met').problems).toEqual([
      'date=YYYY-MM-DD is required: this check expires 90 days after it is answered',
    ]);
  });

  it('reports unknown checks, role-health checks and checks that do not apply to the kind', () => {
    const parsed = parse(
      {
        'prodready.dev/check.cost.free-lunch': 'met',
        'prodready.dev/check.organisation.roles-assigned': 'met',
        'prodready.dev/check.cost.people-cost': 'met',
        'prodready.dev/check.monitoring.metrics': 'met',
      },
      'Resource',
    );
    expect([...parsed.answers.keys()]).toEqual(['monitoring.metrics']);
    expect(parsed.invalidChecks.size).toBe(0);
    expect(parsed.problems).toEqual([
      {
        key: 'prodready.dev/check.cost.free-lunch',
        message: "unknown check 'cost.free-lunch'",
      },
      {
        key: 'prodready.dev/check.organisation.roles-assigned',
        checkId: 'organisation.roles-assigned',
        message: expect.stringContaining('scored from role health'),
      },
      {
        key: 'prodready.dev/check.cost.people-cost',
        checkId: 'cost.people-cost',
        message: 'this check does not apply to a resource',
      },
    ]);
  });

  it('reports non-string values and unknown readiness keys, and ignores other annotations', () => {
    const parsed = parseReadinessAnnotations(
      entity('Component', 'svc', {
        annotations: {
          'prodready.dev/check.monitoring.metrics': 42,
          'prodready.dev/owner': 'team-a',
          'backstage.io/techdocs-ref': 'dir:.',
        } as unknown as Record<string, string>,
      }),
      annotationModel,
    );
    expect(parsed.problems).toEqual([
      {
        key: 'prodready.dev/check.monitoring.metrics',
        message: 'value must be a string',
      },
      {
        key: 'prodready.dev/owner',
        message:
          'unknown readiness annotation; use prodready.dev/check.<checkId>, prodready.dev/role.<roleId> or prodready.dev/cost',
      },
    ]);
  });

  it('copes with an entity without annotations', () => {
    expect(
      parseReadinessAnnotations(entity('Component', 'svc'), annotationModel),
    ).toEqual({
      answers: new Map(),
      invalidChecks: new Set(),
      roles: new Map(),
      invalidRoles: new Set(),
      problems: [],
    });
  });
});

describe('role annotations', () => {
  it('reads users and groups; a bare name is a user in the entity namespace', () => {
    const parsed = parse(
      {
        'prodready.dev/role.dba':
          'jane.doe, group:data-platform, user:default/Sam, Group:Ops/SRE',
      },
      'Component',
      'payments',
    );
    expect(parsed.roles.get('dba')).toEqual({
      roleId: 'dba',
      holders: [
        'user:payments/jane.doe',
        'group:payments/data-platform',
        'user:default/sam',
        'group:ops/sre',
      ],
      source: 'annotation',
      assignedBy: 'annotation',
    });
    expect(parsed.problems).toEqual([]);
  });

  it('drops duplicate holders, however they are written', () => {
    expect(
      parse({
        'prodready.dev/role.cto':
          'alice, user:default/alice, User:Default/ALICE, , alice',
      }).roles.get('cto')?.holders,
    ).toEqual(['user:default/alice']);
  });

  it.each([
    ['', 'names no holder'],
    [' , ,', 'names no holder'],
    ['alice, bad ref!', "'bad ref!' is not an entity ref"],
    [
      'component:default/svc',
      "'component:default/svc' is a component; role holders are users or groups",
    ],
    [
      Array.from({ length: 51 }, (_, i) => `user${i}`).join(','),
      'names more than 50 holders',
    ],
  ])('lists %j as a problem naming the key', (value, message) => {
    const parsed = parse({ 'prodready.dev/role.dba': value });
    expect(parsed.roles.size).toBe(0);
    expect(parsed.invalidRoles).toEqual(new Set(['dba']));
    expect(parsed.problems).toEqual([
      { key: 'prodready.dev/role.dba', roleId: 'dba', message },
    ]);
  });

  it('refuses a list longer than its most holders could be, before reading it', () => {
    const parsed = parse({ 'prodready.dev/role.dba': 'u,'.repeat(500_000) });
    expect(parsed.invalidRoles).toEqual(new Set(['dba']));
    expect(parsed.problems).toEqual([
      {
        key: 'prodready.dev/role.dba',
        roleId: 'dba',
        message: expect.stringMatching(
          /^is longer than \d+ characters; name at most 50 holders$/,
        ),
      },
    ]);
    // The longest refs Backstage allows, 50 of them, still fit.
    const longest = Array.from(
      { length: 50 },
      (_, i) => `user:${'n'.repeat(63)}/${String(i).padStart(63, 'u')}`,
    );
    const fits = parse({ 'prodready.dev/role.dba': longest.join(', ') });
    expect(fits.problems).toEqual([]);
    expect(fits.roles.get('dba')?.holders).toHaveLength(50);
  });

  it('counts a holder named again once toward the limit', () => {
    const value = Array.from({ length: 120 }, (_, i) => `user${i % 50}`);
    const parsed = parse({ 'prodready.dev/role.dba': value.join(', ') });
    expect(parsed.problems).toEqual([]);
    expect(parsed.roles.get('dba')?.holders).toHaveLength(50);
  });

  it('reads no further than the 51st holder, however long the annotation', () => {
    const value = [...Array.from({ length: 51 }, (_, i) => `u${i}`), '!'];
    expect(
      parse({ 'prodready.dev/role.dba': value.join(',') }).problems,
    ).toEqual([
      {
        key: 'prodready.dev/role.dba',
        roleId: 'dba',
        message: 'names more than 50 holders',
      },
    ]);
  });

  it('quotes a long value cut short in its problem', () => {
    const { problems } = parse({
      'prodready.dev/role.dba': `${'x'.repeat(5000)}!`,
      'prodready.dev/check.monitoring.metrics': `met; date=${'9'.repeat(5000)}`,
    });
    expect(problems.map(p => p.message).sort()).toEqual([
      `'${'x'.repeat(59)}…' is not an entity ref`,
      `date '${'9'.repeat(59)}…' is not a date written YYYY-MM-DD`,
    ]);
  });

  it('reports unknown roles', () => {
    expect(parse({ 'prodready.dev/role.cfo': 'alice' }).problems).toEqual([
      { key: 'prodready.dev/role.cfo', message: "unknown role 'cfo'" },
    ]);
  });
});

describe('parseReadinessAnnotations never throws', () => {
  it('on any annotation keys and values', () => {
    const key = fc.oneof(
      fc.constantFrom(
        ...model.checks.map(c => checkAnnotationKey(c.id)),
        ...model.roles.map(r => roleAnnotationKey(r.id)),
        'prodready.dev/',
        'prodready.dev/check.',
        'prodready.dev/role.',
      ),
      fc.string().map(s => `prodready.dev/${s}`),
      fc.string(),
    );
    const value = fc.oneof(
      fc.string(),
      fc.stringMatching(
        /^(met|na|partial|not-met)(;[ a-z]{0,9}=[^;]{0,30}){0,4}$/,
      ),
      fc.anything(),
    );
    fc.assert(
      fc.property(
        fc.dictionary(key, value, { maxKeys: 8 }),
        fc.constantFrom('Component', 'System', 'Resource', 'API'),
        (annotations, kind) => {
          const parsed = parseReadinessAnnotations(
            entity(kind, 'svc', {
              annotations: annotations as Record<string, string>,
            }),
            annotationModel,
          );
          // Every readiness key is an answer, a role or named by a problem.
          for (const k of Object.keys(annotations)) {
            if (!k.startsWith('prodready.dev/')) continue;
            const id = k.replace(/^prodready\.dev\/(check|role)\./, '');
            expect(
              parsed.answers.has(id) ||
                parsed.roles.has(id) ||
                parsed.problems.some(p => p.key === k),
            ).toBe(true);
          }
        },
      ),
    );
  });
});

describe('the answer grammar round-trips', () => {
  it('for any status, date, evidence and note', () => {
    const date = fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2099-12-31T00:00:00Z'),
        noInvalidDate: true,
      })
      .map(d => d.toISOString().slice(0, 10));
    const note = fc
      .string({ minLength: 1, maxLength: 40 })
      .filter(s => !s.includes(';') && s.trim() === s && s !== '');
    fc.assert(
      fc.property(
        fc.constantFrom('met', 'partially-met', 'not-met'),
        date,
        fc.option(fc.webUrl({ withQueryParameters: true }), { nil: undefined }),
        fc.option(note, { nil: undefined }),
        (status, answeredAt, evidenceUrl, text) => {
          fc.pre(!evidenceUrl?.includes(';'));
          const value = [
            status,
            `date=${answeredAt}`,
            ...(evidenceUrl ? [`evidence=${evidenceUrl}`] : []),
            ...(text ? [`note=${text}`] : []),
          ].join('; ');
          const { answer, problems } = answerOf(
            'recoverability.restore-test',
            value,
          );
          expect(problems).toEqual([]);
          expect(answer).toEqual({
            checkId: 'recoverability.restore-test',
            status,
            source: 'annotation',
            answeredBy: 'annotation',
            answeredAt,
            ...(evidenceUrl ? { evidenceUrl } : {}),
            ...(text ? { note: text } : {}),
          });
        },
      ),
    );
  });
});

describe('isIsoDate', () => {
  /** The obvious definition, with Date: what isIsoDate must agree with. */
  const reference = (value: string) => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
    const date = new Date(`${value}T00:00:00Z`);
    return !isNaN(date.getTime()) && date.toISOString().startsWith(value);
  };

  it('accepts real calendar dates only', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2025-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-00-10')).toBe(false);
    expect(isIsoDate('2026-01-00')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    expect(isIsoDate('2026-01-01T00:00:00Z')).toBe(false);
    expect(isIsoDate('２０２６-01-01')).toBe(false);
  });

  it('agrees with Date on any string of the right shape', () => {
    const digits = (n: number) =>
      fc
        .array(fc.constantFrom(...'0123456789'), { minLength: n, maxLength: n })
        .map(d => d.join(''));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(digits(4), digits(2), digits(2)).map(p => p.join('-')),
          fc.string({ maxLength: 12 }),
        ),
        value => {
          expect(isIsoDate(value)).toBe(reference(value));
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('isHttpUrl', () => {
  /** The obvious definition, with URL: what isHttpUrl must agree with. */
  const reference = (value: string) => {
    if (value.length > 2048) return false;
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  };

  it('accepts absolute http and https URLs only', () => {
    expect(isHttpUrl('https://wiki.example.com/a b?c#d')).toBe(true);
    expect(isHttpUrl('HTTP://EXAMPLE.COM:8080')).toBe(true);
    expect(isHttpUrl('http://10.0.0.1/x')).toBe(true);
    expect(isHttpUrl('http://[::1]:3000/')).toBe(true);
    expect(isHttpUrl('https://')).toBe(false);
    expect(isHttpUrl('http://999.1.1.1/')).toBe(false);
    expect(isHttpUrl('mailto:a@example.com')).toBe(false);
    expect(isHttpUrl('www.example.com')).toBe(false);
    expect(isHttpUrl(`https://example.com/${'x'.repeat(2048)}`)).toBe(false);
  });

  it('agrees with the WHATWG URL parser', () => {
    const piece = fc.constantFrom(
      'a',
      'Z',
      '0',
      '9',
      '-',
      '.',
      '..',
      ':',
      ':80',
      ':99999',
      '/',
      '//',
      '?',
      '#',
      '%',
      '%zz',
      ' ',
      '\t',
      '[',
      ']',
      '@',
      '\\',
      '_',
      'é',
      '~',
      'xn--',
      'xn--a',
      '--',
      'com',
      '255',
      '0x1',
      'localhost',
      'example',
    );
    fc.assert(
      fc.property(
        fc.constantFrom(
          'http://',
          'https://',
          'HTTPS://',
          'ftp://',
          '',
          ' http://',
          '\u0000\thttps://',
          'ht\ntp://',
          'htt\rps:',
          'http:',
          'https:/',
          'httpx://',
          'http',
          'h',
        ),
        fc.array(piece, { maxLength: 8 }),
        (scheme, pieces) => {
          const value = scheme + pieces.join('');
          expect(isHttpUrl(value)).toBe(reference(value));
        },
      ),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.webUrl(), fc.string(), (url, junk) => {
        expect(isHttpUrl(url)).toBe(reference(url));
        expect(isHttpUrl(url + junk)).toBe(reference(url + junk));
      }),
    );
  });
});
