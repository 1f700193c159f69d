import { ReadinessCategory, ReadinessCheck } from '../types';
import { buildReadinessModel } from './buildModel';
import { defaultChecks } from './checks';
import {
  parseReadinessModelConfig,
  ReadinessConfigError,
  resolveSnapshotRetention,
} from './config';

/** The problems a configuration is rejected with. */
function problemsOf(config: unknown, contributions?: object): string[] {
  try {
    buildReadinessModel({ config, contributions });
  } catch (error) {
    expect(error).toBeInstanceOf(ReadinessConfigError);
    return (error as ReadinessConfigError).problems;
  }
  throw new Error('expected the configuration to be rejected');
}

const checkOf = (model: { checks: ReadinessCheck[] }, id: string) =>
  model.checks.find(c => c.id === id);

/** A valid entry of readiness.checks.custom. */
const customSox = {
  id: 'cost.sox',
  category: 'cost',
  title: 'SOX evidence filed',
  question: 'Is the SOX evidence filed?',
};

describe('buildReadinessModel', () => {
  it('is the default checklist without configuration, with Bronze as the production gate', () => {
    const model = buildReadinessModel();
    expect(model.checks.map(c => c.id)).toEqual(defaultChecks.map(c => c.id));
    expect(model.levels.map(l => l.id)).toEqual(['bronze', 'silver', 'gold']);
    expect(model.categories).toHaveLength(8);
    expect(model.roles).toHaveLength(12);
    expect(model.minimumProductionLevel).toBe('bronze');
    // An entity needs one applicable check to be assessed.
    expect(model.minimumApplicableChecks).toBe(1);
    expect(
      buildReadinessModel({ config: { minimumApplicableChecks: 5 } })
        .minimumApplicableChecks,
    ).toBe(5);
    expect(buildReadinessModel({ config: {} })).toEqual(model);
    expect(buildReadinessModel({ config: null })).toEqual(model);
  });

  it('disables checks, and drops a category left without checks', () => {
    const model = buildReadinessModel({
      config: {
        checks: {
          disabled: [
            'cost.baseline-cost',
            'cost.growth-curve',
            'cost.people-cost',
          ],
        },
      },
    });
    expect(model.checks.some(c => c.category === 'cost')).toBe(false);
    expect(model.categories.map(c => c.id)).not.toContain('cost');
    expect(model.roles.find(r => r.id === 'cto')?.checks).toEqual([
      'organisation.ownership',
      'organisation.roles-assigned',
    ]);
  });

  it('overrides weight, expiry, gate, level, wording, kinds and roles of a check', () => {
    const model = buildReadinessModel({
      config: {
        checks: {
          overrides: {
            'recoverability.restore-test': {
              weight: 5,
              expiresAfterDays: 30,
              gate: false,
              level: 'gold',
              title: 'Restore drill',
              question: 'Did the monthly restore drill pass?',
              appliesTo: ['component'],
              roles: ['dba'],
            },
          },
        },
      },
    });
    expect(checkOf(model, 'recoverability.restore-test')).toMatchObject({
      weight: 5,
      expiresAfterDays: 30,
      gate: false,
      level: 'gold',
      title: 'Restore drill',
      question: 'Did the monthly restore drill pass?',
      appliesTo: ['component'],
      roles: ['dba'],
      // untouched fields stay
      category: 'recoverability',
      seedRefs: ['f0191064:checklist.6.restore-test'],
    });
    expect(
      model.roles.find(r => r.id === 'test-manager')?.checks,
    ).not.toContain('recoverability.restore-test');
  });

  it('adds custom checks with defaults: weight 1, lowest level, every kind, no gate', () => {
    const model = buildReadinessModel({
      config: {
        categories: [
          { id: 'compliance', title: 'Compliance', description: 'Audits' },
        ],
        checks: {
          custom: [
            {
              id: 'compliance.sox-evidence',
              category: 'compliance',
              title: 'SOX evidence filed',
              question: 'Is the SOX evidence filed?',
              roles: ['security'],
            },
          ],
        },
      },
    });
    expect(checkOf(model, 'compliance.sox-evidence')).toEqual({
      id: 'compliance.sox-evidence',
      category: 'compliance',
      title: 'SOX evidence filed',
      question: 'Is the SOX evidence filed?',
      guidance: '',
      weight: 1,
      gate: false,
      level: 'bronze',
      appliesTo: ['component', 'system', 'resource'],
      roles: ['security'],
    });
    expect(model.categories.map(c => c.id)).toContain('compliance');
    expect(model.roles.find(r => r.id === 'security')?.checks).toContain(
      'compliance.sox-evidence',
    );
  });

  it('accepts custom levels and a minimum production level, or none', () => {
    const levels = [
      { id: 'bronze', title: 'Bronze' },
      { id: 'silver', title: 'Silver' },
      { id: 'gold', title: 'Gold' },
      { id: 'platinum', title: 'Platinum', description: 'Chaos tested' },
    ];
    const model = buildReadinessModel({
      config: {
        levels,
        minimumProductionLevel: 'silver',
        checks: { overrides: { 'security.pen-test': { level: 'platinum' } } },
      },
    });
    expect(model.levels).toEqual(levels);
    expect(model.minimumProductionLevel).toBe('silver');
    expect(checkOf(model, 'security.pen-test')?.level).toBe('platinum');

    expect(
      buildReadinessModel({ config: { minimumProductionLevel: false } })
        .minimumProductionLevel,
    ).toBeUndefined();
  });

  it('disables, overrides and adds roles; a disabled role drops out of the checks', () => {
    const model = buildReadinessModel({
      config: {
        roles: {
          disabled: ['dba'],
          overrides: { 'data-controller': { required: false } },
          custom: [
            {
              id: 'on-call',
              title: 'On-call engineer',
              responsibility: 'Carries the pager',
            },
          ],
        },
        checks: {
          overrides: {
            'monitoring.alerting': { roles: ['on-call', 'devops-lead'] },
          },
        },
      },
    });
    expect(model.roles.map(r => r.id)).not.toContain('dba');
    expect(checkOf(model, 'recoverability.backups')?.roles).toEqual([
      'data-controller',
    ]);
    expect(model.roles.find(r => r.id === 'data-controller')?.required).toBe(
      false,
    );
    expect(model.roles.find(r => r.id === 'on-call')).toEqual({
      id: 'on-call',
      title: 'On-call engineer',
      responsibility: 'Carries the pager',
      required: true,
      checks: ['monitoring.alerting'],
    });
  });

  it('merges contributed categories, checks and detectors before the configuration', () => {
    const contributed: ReadinessCheck = {
      id: 'observability.slo-burn-alerts',
      category: 'observability',
      title: 'SLO burn alerts',
      question: 'Do SLO burn-rate alerts exist?',
      guidance: '',
      weight: 1,
      gate: false,
      level: 'silver',
      appliesTo: ['component'],
      roles: ['sysadmin'],
    };
    const model = buildReadinessModel({
      config: {
        checks: {
          overrides: { 'observability.slo-burn-alerts': { weight: 3 } },
        },
      },
      contributions: {
        categories: [
          { id: 'observability', title: 'Observability', description: 'SLOs' },
        ],
        checks: [contributed],
        detectorsByCheck: { 'monitoring.alerting': ['on-call-paging'] },
      },
    });
    expect(checkOf(model, 'observability.slo-burn-alerts')?.weight).toBe(3);
    expect(checkOf(model, 'monitoring.alerting')?.detectors).toEqual([
      'on-call-paging',
    ]);
    expect(checkOf(model, 'monitoring.metrics')?.detectors).toBeUndefined();
  });

  describe('rejects bad configuration with messages naming the config path', () => {
    it.each([
      [
        { checks: { overrides: { 'recoverability.backups': { weight: -1 } } } },
        'readiness.checks.overrides.recoverability.backups.weight: ',
      ],
      [
        {
          checks: {
            overrides: { 'recoverability.backups': { weight: 'heavy' } },
          },
        },
        'readiness.checks.overrides.recoverability.backups.weight: ',
      ],
      [
        {
          checks: {
            overrides: { 'recoverability.backups': { expiresAfterDays: 0 } },
          },
        },
        'readiness.checks.overrides.recoverability.backups.expiresAfterDays: ',
      ],
      [
        {
          checks: {
            overrides: { 'recoverability.backups': { colour: 'red' } },
          },
        },
        'readiness.checks.overrides.recoverability.backups: ',
      ],
      [
        { checks: { overrides: { 'cost.nope': { weight: 2 } } } },
        "readiness.checks.overrides.cost.nope: unknown check 'cost.nope'",
      ],
      [
        { checks: { disabled: ['security.pen-test', 'cost.nope'] } },
        "readiness.checks.disabled[1]: unknown check 'cost.nope'",
      ],
      [
        { checks: { custom: [{ id: 'cost.x', title: 'X' }] } },
        'readiness.checks.custom[0].category: ',
      ],
      [
        {
          checks: {
            custom: [
              {
                id: `cost.${'x'.repeat(60)}`,
                category: 'cost',
                title: 'X',
                question: 'X?',
              },
            ],
          },
        },
        'readiness.checks.custom[0].id: must be at most 57 characters',
      ],
      [
        {
          checks: {
            custom: [
              {
                id: 'Cost Check',
                category: 'cost',
                title: 'X',
                question: 'X?',
              },
            ],
          },
        },
        'readiness.checks.custom[0].id: must look like <category>.<name>',
      ],
      [
        {
          checks: {
            custom: [
              {
                id: 'cost.people-cost',
                category: 'cost',
                title: 'X',
                question: 'X?',
              },
            ],
          },
        },
        "readiness.checks.custom[0].id: check 'cost.people-cost' already exists",
      ],
      [
        {
          checks: {
            custom: [
              { id: 'cost.x', category: 'finance', title: 'X', question: 'X?' },
            ],
          },
        },
        "readiness.checks.custom[0].category: check 'cost.x' names unknown category 'finance'",
      ],
      [
        {
          checks: { overrides: { 'cost.people-cost': { level: 'platinum' } } },
        },
        "readiness.checks.overrides.cost.people-cost.level: check 'cost.people-cost' names unknown level 'platinum'",
      ],
      [
        { checks: { overrides: { 'cost.people-cost': { roles: ['cfo'] } } } },
        "readiness.checks.overrides.cost.people-cost.roles: check 'cost.people-cost' names unknown roles cfo",
      ],
      [
        { levels: [{ id: 'basic', title: 'Basic' }] },
        "readiness.levels (set readiness.checks.overrides.scalability.sizing.level): check 'scalability.sizing' names unknown level 'bronze'",
      ],
      [
        {
          levels: [
            { id: 'a', title: 'A' },
            { id: 'a', title: 'A again' },
          ],
        },
        'readiness.levels: level ids must be unique',
      ],
      [
        { minimumProductionLevel: 'platinum' },
        "readiness.minimumProductionLevel: unknown level 'platinum'",
      ],
      [
        { roles: { overrides: { cfo: { required: false } } } },
        "readiness.roles.overrides.cfo: unknown role 'cfo'",
      ],
      [
        { roles: { disabled: ['cfo'] } },
        "readiness.roles.disabled[0]: unknown role 'cfo'",
      ],
      [
        {
          roles: { custom: [{ id: 'cto', title: 'CTO', responsibility: 'x' }] },
        },
        "readiness.roles.custom[0].id: role 'cto' already exists",
      ],
      [
        { categories: [{ id: 'cost', title: 'Cost', description: 'x' }] },
        "readiness.categories[0].id: category 'cost' already exists",
      ],
      [{ minimumApplicableChecks: -1 }, 'readiness.minimumApplicableChecks: '],
      [{ minimumApplicableChecks: 1.5 }, 'readiness.minimumApplicableChecks: '],
      [
        { minimumApplicableChecks: 'three' },
        'readiness.minimumApplicableChecks: ',
      ],
      [
        { levels: [{ id: 'not-assessed', title: 'Not assessed' }] },
        "readiness.levels[0].id: 'none' and 'not-assessed' are reserved",
      ],
      [
        { levels: [{ id: 'none', title: 'None' }] },
        "readiness.levels[0].id: 'none' and 'not-assessed' are reserved",
      ],
      [{ chekcs: {} }, 'readiness: Unrecognized key'],
    ])('%j', (config, message) => {
      const problems = problemsOf(config);
      expect(problems).toEqual(
        expect.arrayContaining([expect.stringContaining(message)]),
      );
    });

    it('refuses a minimum of applicable checks that leaves a kind never assessed', () => {
      // Fewer checks apply to Resources than to Components (not those of
      // running code): asking for more would leave every Resource unassessed.
      const resources = buildReadinessModel().checks.filter(c =>
        c.appliesTo.includes('resource'),
      ).length;
      expect(
        buildReadinessModel({
          config: { minimumApplicableChecks: resources },
        }).minimumApplicableChecks,
      ).toBe(resources);
      expect(problemsOf({ minimumApplicableChecks: resources + 1 })).toEqual([
        `readiness.minimumApplicableChecks: ${
          resources + 1
        } is more than the ${resources} checks that apply to resource entities, which could never be assessed`,
      ]);
    });

    it('warns, without failing, when only checks staged for a later day make that minimum reachable', () => {
      const resourceChecks = buildReadinessModel().checks.filter(c =>
        c.appliesTo.includes('resource'),
      );
      const staged = resourceChecks.slice(0, 3).map(c => c.id);
      const config = {
        minimumApplicableChecks: resourceChecks.length - 1,
        checks: {
          overrides: Object.fromEntries(
            staged.map(id => [id, { effectiveFrom: '2027-03-01' }]),
          ),
        },
      };
      const warnings: string[] = [];
      const onWarning = (message: string) => warnings.push(message);
      // Until 1 March 2027 every Resource would be unassessed.
      expect(
        buildReadinessModel({
          config,
          now: new Date('2027-01-15T00:00:00Z'),
          onWarning,
        }).minimumApplicableChecks,
      ).toBe(resourceChecks.length - 1);
      expect(warnings).toEqual([
        `readiness.minimumApplicableChecks: ${
          resourceChecks.length - 1
        } is more than the ${
          resourceChecks.length - 3
        } checks that apply to resource entities until staged checks start to count (effectiveFrom): until then no resource entity can be assessed`,
      ]);
      // From that day the staged checks count.
      warnings.length = 0;
      buildReadinessModel({
        config,
        now: new Date('2027-03-01T00:00:00Z'),
        onWarning,
      });
      expect(warnings).toEqual([]);
    });

    it('lists every problem at once', () => {
      const problems = problemsOf({
        minimumProductionLevel: 'platinum',
        checks: { disabled: ['cost.nope'] },
      });
      expect(problems).toHaveLength(2);
      expect(() =>
        buildReadinessModel({
          config: { checks: { disabled: ['cost.nope'] } },
        }),
      ).toThrow(
        /Invalid readiness configuration:\n {2}readiness\.checks\.disabled\[0\]/,
      );
    });

    it('rejects contributed checks and categories with bad ids or weights', () => {
      const base: ReadinessCheck = {
        id: 'cost.y',
        category: 'cost',
        title: 'Y',
        question: 'Y?',
        guidance: '',
        weight: 1,
        gate: false,
        level: 'bronze',
        appliesTo: ['component'],
        roles: [],
      };
      expect(
        problemsOf(
          {},
          {
            categories: [
              { id: 'Bad Id', title: 'x', description: 'y' },
              { id: 'compliance', title: '', description: 'y' },
              {
                id: 'audit',
                title: 'Audit',
                description: 'y',
                colour: 'red',
              } as ReadinessCategory,
            ],
            checks: [
              { ...base, id: `cost.${'y'.repeat(60)}` },
              { ...base, id: 'cost.z', weight: 0 },
              { ...base, id: 'cost.people-cost' },
            ],
          },
        ),
      ).toEqual([
        "contributed categories[0].id: 'Bad Id' must be lower-case kebab-case",
        'contributed categories[1].title: Too small: expected string to have >=1 characters',
        'contributed categories[2]: Unrecognized key: "colour"',
        `contributed checks[0].id: 'cost.${'y'.repeat(
          60,
        )}' must be at most 57 characters`,
        'contributed checks[1].weight: Too small: expected number to be >0',
        "contributed checks[2].id: check 'cost.people-cost' already exists",
      ]);
    });

    describe('contributed checks, with the rules of readiness.checks.custom', () => {
      const base: ReadinessCheck = {
        id: 'cost.y',
        category: 'cost',
        title: 'Y',
        question: 'Y?',
        guidance: '',
        weight: 1,
        gate: false,
        level: 'bronze',
        appliesTo: ['component'],
        roles: [],
      };

      it.each([
        [
          { appliesTo: ['component', 'Component'] },
          "contributed checks[0].appliesTo[1]: 'Component' must be a lower-case kind",
        ],
        [{ appliesTo: [] }, 'contributed checks[0].appliesTo: Too small'],
        [
          { expiresAfterDays: -30 },
          'contributed checks[0].expiresAfterDays: Too small: expected number to be >0',
        ],
        [
          { expiresAfterDays: 3651 },
          'contributed checks[0].expiresAfterDays: Too big: expected number to be <=3650',
        ],
        [
          { expiresAfterDays: 1.5 },
          'contributed checks[0].expiresAfterDays: Invalid input: expected int',
        ],
        [
          { weight: 101 },
          'contributed checks[0].weight: Too big: expected number to be <=100',
        ],
        [{ title: '' }, 'contributed checks[0].title: Too small'],
        [{ question: '  ' }, 'contributed checks[0].question: Too small'],
        [{ guidance: ' ' }, 'contributed checks[0].guidance: Too small'],
        [
          { level: 'Silver' },
          "contributed checks[0].level: 'Silver' must be lower-case kebab-case",
        ],
        [
          { roles: ['Security'] },
          "contributed checks[0].roles[0]: 'Security' must be lower-case kebab-case",
        ],
        [
          { effectiveFrom: '2027-02-30' },
          "contributed checks[0].effectiveFrom: '2027-02-30' must be a real date",
        ],
        [{ weight: undefined }, 'contributed checks[0].weight: '],
        // From code, not app-config: no strings read as numbers or booleans.
        [
          { weight: '3' },
          'contributed checks[0].weight: Invalid input: expected number, received string',
        ],
        [
          { gate: 'false' },
          'contributed checks[0].gate: Invalid input: expected boolean, received string',
        ],
        [
          { expiresAfterDays: '30' },
          'contributed checks[0].expiresAfterDays: Invalid input: expected number, received string',
        ],
        [{ scoredBy: 'votes' }, 'contributed checks[0].scoredBy: '],
        [
          { colour: 'red' },
          'contributed checks[0]: Unrecognized key: "colour"',
        ],
      ])('%j', (fields, message) => {
        expect(problemsOf({}, { checks: [{ ...base, ...fields }] })).toEqual([
          expect.stringContaining(message),
        ]);
      });

      it('accepts every field a check may carry, and no guidance', () => {
        const check: ReadinessCheck = {
          ...base,
          appliesTo: ['component', 'system'],
          expiresAfterDays: 3650,
          weight: 100,
          gate: true,
          roles: ['security'],
          effectiveFrom: '2027-03-01',
          scoredBy: 'answers',
          seedRefs: ['f0191064:cost.no-users'],
        };
        const model = buildReadinessModel({
          contributions: { checks: [check] },
        });
        expect(checkOf(model, 'cost.y')).toEqual(check);
      });
    });

    describe('contributed detectors', () => {
      it('adds their ids after the built-in ones to the checks they answer', () => {
        const model = buildReadinessModel({
          config: { checks: { disabled: ['monitoring.metrics'] } },
          contributions: {
            detectorsByCheck: { 'monitoring.alerting': ['catalog-paging'] },
            detectors: [
              // A disabled check may be named: it drops out.
              { id: 'grafana', checkIds: ['monitoring.metrics'] },
              {
                id: 'pagerduty',
                checkIds: ['monitoring.alerting', 'support.runbooks'],
              },
            ],
          },
        });
        expect(checkOf(model, 'monitoring.alerting')?.detectors).toEqual([
          'catalog-paging',
          'pagerduty',
        ]);
        expect(checkOf(model, 'support.runbooks')?.detectors).toEqual([
          'pagerduty',
        ]);
        expect(checkOf(model, 'monitoring.metrics')).toBeUndefined();
      });

      it('rejects an id a built-in or another contributed detector has, and a check that never existed', () => {
        expect(
          problemsOf(
            { checks: { custom: [customSox] } },
            {
              detectorsByCheck: { 'monitoring.alerting': ['catalog-paging'] },
              detectors: [
                { id: 'catalog-ownership', checkIds: ['cost.sox'] },
                { id: 'catalog-paging', checkIds: ['monitoring.alerting'] },
                { id: 'pagerduty', checkIds: ['monitoring.alerting'] },
                {
                  id: 'pagerduty',
                  checkIds: ['monitoring.alerting', 'monitoring.alerts'],
                },
              ],
            },
          ),
        ).toEqual([
          "contributed detectors[0].id: detector 'catalog-ownership' already exists",
          "contributed detectors[1].id: detector 'catalog-paging' already exists",
          "contributed detectors[3].id: detector 'pagerduty' already exists",
          "contributed detectors[3].checkIds[1]: unknown check 'monitoring.alerts'",
        ]);
      });
    });
  });
});

describe('parseReadinessModelConfig', () => {
  it('accepts the keys the backend reads itself', () => {
    expect(
      parseReadinessModelConfig({
        schedule: { frequency: { minutes: 30 } },
        snapshotRetentionDays: 400,
      }),
    ).toEqual({
      schedule: { frequency: { minutes: 30 } },
      snapshotRetentionDays: 400,
      freshness: expect.any(Object),
      notifications: expect.any(Object),
      exemptions: { maxDays: 180 },
      backup: { maxImportRecords: 100_000, maxImportMegabytes: 32 },
    });
  });

  it('accepts snapshot and history retention and resolves its defaults', () => {
    const config = parseReadinessModelConfig({
      retention: { snapshots: { dailyDays: 30 }, historyDays: 730 },
    });
    expect(config.retention?.historyDays).toBe(730);
    expect(resolveSnapshotRetention(config)).toEqual({
      dailyDays: 30,
      weeklyDays: 365,
      monthlyDays: 1825,
    });
    expect(resolveSnapshotRetention({})).toEqual({
      dailyDays: 90,
      weeklyDays: 365,
      monthlyDays: 1825,
    });
    // The deprecated alias is the overall maximum; the tiers below shrink to it.
    expect(resolveSnapshotRetention({ snapshotRetentionDays: 60 })).toEqual({
      dailyDays: 60,
      weeklyDays: 60,
      monthlyDays: 60,
    });
  });

  it('moves a tier left out to fit the tiers set around it, rather than refusing a retention that nests', () => {
    const resolved = (snapshots: object) =>
      resolveSnapshotRetention(
        parseReadinessModelConfig({ retention: { snapshots } }),
      );
    // Daily snapshots for 400 days: the weekly tier starts where they end.
    expect(resolved({ dailyDays: 400 })).toEqual({
      dailyDays: 400,
      weeklyDays: 400,
      monthlyDays: 1825,
    });
    // Weekly ones for 2,000 days: the monthly tier is kept as long.
    expect(resolved({ weeklyDays: 2000 })).toEqual({
      dailyDays: 90,
      weeklyDays: 2000,
      monthlyDays: 2000,
    });
    expect(resolved({ dailyDays: 30, monthlyDays: 200 })).toEqual({
      dailyDays: 30,
      weeklyDays: 200,
      monthlyDays: 200,
    });
  });

  it('names the path of a retention that does not nest', () => {
    const problems = (raw: unknown) => {
      try {
        parseReadinessModelConfig(raw);
        return [];
      } catch (error) {
        return (error as ReadinessConfigError).problems;
      }
    };
    expect(
      problems({
        retention: { snapshots: { dailyDays: 100, weeklyDays: 50 } },
      }),
    ).toEqual([
      'readiness.retention.snapshots.weeklyDays: must be at least dailyDays (50 < 100)',
    ]);
    expect(
      problems({
        retention: { snapshots: { monthlyDays: 200, weeklyDays: 300 } },
      }),
    ).toEqual([
      'readiness.retention.snapshots.monthlyDays: must be at least weeklyDays (200 < 300)',
    ]);
    // Tiers that are set disagree across one left out: the message names
    // what was set, not the tier between.
    expect(
      problems({
        retention: { snapshots: { dailyDays: 200, monthlyDays: 100 } },
      }),
    ).toEqual([
      'readiness.retention.snapshots.monthlyDays: must be at least dailyDays (100 < 200)',
    ]);
    expect(
      problems({
        snapshotRetentionDays: 60,
        retention: { snapshots: { dailyDays: 90 } },
      }),
    ).toEqual([
      'readiness.snapshotRetentionDays: must be at least dailyDays (60 < 90)',
    ]);
    expect(
      problems({
        snapshotRetentionDays: 400,
        retention: { snapshots: { monthlyDays: 400 }, historyDays: 0 },
      }),
    ).toEqual([
      'readiness.retention.historyDays: Too small: expected number to be >0',
    ]);
    expect(
      problems({
        snapshotRetentionDays: 400,
        retention: { snapshots: { monthlyDays: 400 } },
      }),
    ).toEqual([
      'readiness.snapshotRetentionDays: is a deprecated alias of readiness.retention.snapshots.monthlyDays; set only one',
    ]);
    expect(problems({ retention: { snapshot: {} } })).toEqual([
      'readiness.retention: Unrecognized key: "snapshot"',
    ]);
    expect(problems({ retention: { snapshots: { weeklyDays: 1.5 } } })).toEqual(
      [
        'readiness.retention.snapshots.weeklyDays: Invalid input: expected int, received number',
      ],
    );
  });
});

/**
 * Backstage substitutes `${VAR}` in app-config as strings, and its
 * ConfigReader's getNumber / getBoolean read such strings; so does the
 * readiness config.
 */
describe('parseReadinessModelConfig with env-substituted values', () => {
  /** Every number and boolean of a value written as its string. */
  const asStrings = (value: unknown): unknown => {
    if (typeof value === 'number' || typeof value === 'boolean') {
      return String(value);
    }
    if (Array.isArray(value)) return value.map(asStrings);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value).map(([k, v]) => [k, asStrings(v)]),
      );
    }
    return value;
  };
  const problems = (raw: unknown) => {
    try {
      parseReadinessModelConfig(raw);
      return [];
    } catch (error) {
      return (error as ReadinessConfigError).problems;
    }
  };

  /** Every number and boolean key of the readiness config. */
  // (`schedule` is read by Backstage's own reader, not this schema.)
  const typed = {
    retention: {
      snapshots: { dailyDays: 30, weeklyDays: 200, monthlyDays: 700 },
      historyDays: 730,
    },
    freshness: { enabled: false, intervalSeconds: 15 },
    notifications: {
      enabled: true,
      intervalMinutes: 15,
      answerExpiring: { enabled: false, daysBefore: 30 },
      answerExpired: { enabled: false },
      levelDrop: { enabled: false },
      roleHolderGone: { enabled: true },
      roleUnassigned: { enabled: false },
      campaignStart: { enabled: false },
      campaignReminder: { enabled: true, daysBefore: 3 },
      campaignOverdue: { enabled: false },
      exemptionRequested: { enabled: false },
      exemptionDecided: { enabled: false },
      exemptionEnding: { enabled: false, daysBefore: 21 },
    },
    exemptions: { maxDays: 90 },
    campaigns: [
      {
        id: 'q3-gold',
        title: 'Gold by Q3',
        target: { level: 'gold' },
        startDate: '2025-07-01',
        deadline: '2025-09-30',
      },
    ],
    minimumProductionLevel: 'silver',
    minimumApplicableChecks: 0,
    checks: {
      overrides: {
        'security.pen-test': {
          weight: 0.5,
          gate: true,
          expiresAfterDays: 92,
        },
      },
      custom: [{ ...customSox, weight: 3, gate: false, expiresAfterDays: 1 }],
    },
    roles: {
      overrides: {
        'data-controller': { required: false, requiredWhen: false },
      },
      custom: [
        {
          id: 'on-call',
          title: 'On-call engineer',
          responsibility: 'Carries the pager.',
          required: true,
        },
      ],
    },
  };

  it('reads numbers and booleans given as strings as the values themselves', () => {
    const expected = parseReadinessModelConfig(typed);
    const stringly = asStrings(typed) as any;
    expect(stringly.notifications.intervalMinutes).toBe('15');
    expect(stringly.freshness.enabled).toBe('false');
    expect(stringly.checks.overrides['security.pen-test'].weight).toBe('0.5');
    expect(parseReadinessModelConfig(stringly)).toEqual(expected);
    expect(expected.freshness).toEqual({ enabled: false, intervalSeconds: 15 });
    expect(expected.notifications.levelDrop.enabled).toBe(false);
    // The deprecated alias too.
    expect(parseReadinessModelConfig({ snapshotRetentionDays: '400' })).toEqual(
      parseReadinessModelConfig({ snapshotRetentionDays: 400 }),
    );
  });

  it('reads the spellings Backstage getNumber and getBoolean read', () => {
    const read = (freshness: object) =>
      parseReadinessModelConfig({ freshness }).freshness;
    expect(read({ intervalSeconds: ' 30 ' }).intervalSeconds).toBe(30);
    expect(read({ intervalSeconds: '1e2' }).intervalSeconds).toBe(100);
    expect(read({ intervalSeconds: '0x20' }).intervalSeconds).toBe(32);
    for (const on of ['true', 'TRUE', ' yes ', 'y', 'on', '1', 1]) {
      expect(read({ enabled: on }).enabled).toBe(true);
    }
    for (const off of ['false', 'False', 'no', 'N', 'off', '0', 0]) {
      expect(read({ enabled: off }).enabled).toBe(false);
    }
  });

  it('refuses strings that are no number or boolean, naming the key path', () => {
    expect(
      problems({
        notifications: { intervalMinutes: 'fifteen' },
        freshness: { enabled: 'maybe', intervalSeconds: '' },
        exemptions: { maxDays: 'Infinity' },
        checks: { overrides: { 'security.pen-test': { gate: '2' } } },
      }),
    ).toEqual([
      expect.stringMatching(/^readiness\.freshness\.enabled: .*maybe/),
      expect.stringMatching(/^readiness\.freshness\.intervalSeconds: /),
      expect.stringMatching(
        /^readiness\.notifications\.intervalMinutes: .*fifteen/,
      ),
      expect.stringMatching(/^readiness\.exemptions\.maxDays: .*Infinity/),
      expect.stringMatching(
        /^readiness\.checks\.overrides\.security\.pen-test\.gate: /,
      ),
    ]);
    expect(
      problems({ roles: { custom: [{ required: 'yes please' }] } }),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^readiness\.roles\.custom\[0\]\.required: /),
      ]),
    );
  });

  it('applies the bounds to numbers given as strings', () => {
    expect(
      problems({
        notifications: {
          intervalMinutes: '0',
          answerExpiring: { daysBefore: '1.5' },
        },
        freshness: { intervalSeconds: '3601' },
        retention: { snapshots: { dailyDays: '-1' } },
        checks: { overrides: { 'security.pen-test': { weight: '0' } } },
      }),
    ).toEqual([
      'readiness.retention.snapshots.dailyDays: Too small: expected number to be >0',
      'readiness.freshness.intervalSeconds: Too big: expected number to be <=3600',
      'readiness.notifications.intervalMinutes: Too small: expected number to be >=1',
      'readiness.notifications.answerExpiring.daysBefore: Invalid input: expected int, received number',
      'readiness.checks.overrides.security.pen-test.weight: Too small: expected number to be >0',
    ]);
    // Nesting is checked on the numbers, not the strings ('50' < '100').
    expect(
      problems({
        retention: { snapshots: { dailyDays: '100', weeklyDays: '50' } },
      }),
    ).toEqual([
      'readiness.retention.snapshots.weeklyDays: must be at least dailyDays (50 < 100)',
    ]);
  });
});
