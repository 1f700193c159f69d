import { Entity } from '@backstage/catalog-model';
import { buildReadinessModel } from '../model/buildModel';
import { ReadinessConfigError } from '../model/config';
import { catalogOf, component, entity, NOW } from '../__testUtils__/fixtures';
import { ReadinessEngine } from './engine';

/*
 * The seed asks for a data controller where data is kept ("Do you have a
 * data controller?"), and the roles check applies to workloads, not to
 * Resources: role health follows both.
 */

const everyoneButTheDataController = [
  'cto',
  'security',
  'architect',
  'devops-lead',
  'product-manager',
  'developer',
  'sysadmin',
  'change-manager',
  'test-manager',
  'problem-manager',
];
const catalog = catalogOf(['group:default/team-a', 'group:default/platform']);

/** Every role but the Data Controller held by a team of three. */
function staffed(annotations: Record<string, string> = {}) {
  const roles = Object.fromEntries(
    everyoneButTheDataController.map(id => [
      `prodready.dev/role.${id}`,
      'group:default/team-a',
    ]),
  );
  return { ...roles, ...annotations };
}

function scoreOf(engine: ReadinessEngine, e: Entity) {
  return engine.score({ entity: e }, { now: NOW, catalog });
}

const dataController = (engine: ReadinessEngine, e: Entity) =>
  scoreOf(engine, e).roles.find(r => r.roleId === 'data-controller')!;

describe('role requirements that follow the entity', () => {
  const engine = new ReadinessEngine(buildReadinessModel({}));

  it('does not ask for a data controller where no personal data is held', () => {
    const scorecard = scoreOf(engine, component('svc', staffed()));
    expect(dataController(engine, component('svc', staffed()))).toMatchObject({
      required: false,
      problems: [],
    });
    expect(scorecard.roleProblems).toBe(0);
    expect(
      scorecard.checks.find(c => c.checkId === 'organisation.roles-assigned')
        ?.status,
    ).toBe('met');
  });

  it('finds no problem with the holder of a data controller it does not need', () => {
    // Named where no personal data is held, and gone from the catalog.
    const named = component(
      'svc',
      staffed({ 'prodready.dev/role.data-controller': 'user:default/left' }),
    );
    const scorecard = scoreOf(engine, named);
    expect(dataController(engine, named)).toMatchObject({
      required: false,
      holders: ['user:default/left'],
      problems: [],
    });
    expect(scorecard.roleProblems).toBe(0);
    expect(
      scorecard.checks.find(c => c.checkId === 'organisation.roles-assigned')
        ?.status,
    ).toBe('met');
    // Needed, the same holder is a problem.
    const needed = component(
      'svc',
      staffed({
        'prodready.dev/role.data-controller': 'user:default/left',
        'prodready.dev/personal-data': 'true',
      }),
    );
    expect(dataController(engine, needed).problems).toEqual([
      expect.objectContaining({ type: 'holder-not-in-catalog' }),
    ]);
  });

  it('asks for a data controller where the entity says it holds personal data', () => {
    const byAnnotation = component(
      'svc',
      staffed({ 'prodready.dev/personal-data': 'true' }),
    );
    expect(dataController(engine, byAnnotation)).toMatchObject({
      required: true,
      problems: [expect.objectContaining({ type: 'unassigned' })],
    });
    // The marker is the model's own annotation, not an unknown one.
    expect(scoreOf(engine, byAnnotation).problems).toEqual([]);
    const byTag = component('svc', staffed());
    byTag.metadata.tags = ['personal-data'];
    expect(dataController(engine, byTag).required).toBe(true);
    expect(scoreOf(engine, byTag).roleProblems).toBe(1);
  });

  it('tells the owner when the marker holds neither true nor false', () => {
    const e = component(
      'svc',
      staffed({ 'prodready.dev/personal-data': 'yes' }),
    );
    expect(dataController(engine, e).required).toBe(false);
    expect(scoreOf(engine, e).problems).toEqual([
      {
        key: 'prodready.dev/personal-data',
        message: expect.stringContaining('neither true nor false'),
      },
    ]);
    const unmarked = component(
      'svc',
      staffed({ 'prodready.dev/personal-data': ' False ' }),
    );
    expect(scoreOf(engine, unmarked).problems).toEqual([]);
  });

  it('does not ask for one where the data-controller check is answered not applicable', () => {
    const e = component(
      'svc',
      staffed({
        'prodready.dev/personal-data': 'true',
        'prodready.dev/check.organisation.data-controller':
          'not-applicable; reason=out-of-scope; note=no personal data',
      }),
    );
    expect(dataController(engine, e).required).toBe(false);
  });

  it("follows a detector's answer to the data-controller check, as the scorecard does, before the System's", () => {
    // A module's detector: no personal data in this entity's data store.
    const engineWithDetector = new ReadinessEngine(buildReadinessModel({}), [
      {
        id: 'data-register',
        title: 'Data register',
        checkIds: ['organisation.data-controller'],
        detect: () => [
          {
            checkId: 'organisation.data-controller',
            status: 'not-applicable',
            note: 'the data register lists no personal data',
          },
        ],
      },
    ]);
    const e = component(
      'svc',
      staffed({ 'prodready.dev/personal-data': 'true' }),
      { system: 'shop' },
    );
    // The System says it holds personal data and needs the role.
    const system = entity('System', 'shop', {
      annotations: {
        'prodready.dev/check.organisation.data-controller': 'not-met',
      },
    });
    const scorecard = engineWithDetector.score(
      { entity: e, system: engineWithDetector.inheritableFrom(system) },
      { now: NOW, catalog },
    );
    expect(
      scorecard.checks.find(c => c.checkId === 'organisation.data-controller'),
    ).toMatchObject({ status: 'not-applicable', source: 'automatic' });
    expect(
      scorecard.roles.find(r => r.roleId === 'data-controller'),
    ).toMatchObject({ required: false, problems: [] });
    expect(scorecard.roleProblems).toBe(0);
    // The summary a full run stores agrees.
    expect(
      engineWithDetector.summarize(
        { entity: e, system: engineWithDetector.inheritableFrom(system) },
        { now: NOW, catalog },
      ).member.roleProblems,
    ).toBe(0);
  });

  it('asks for one where the N/A annotation is malformed, whatever a pushed result says', () => {
    const e = component(
      'svc',
      staffed({
        'prodready.dev/personal-data': 'true',
        'prodready.dev/check.organisation.data-controller':
          'na; reason=whatever',
      }),
    );
    const scorecard = engine.score(
      {
        entity: e,
        automaticResults: [
          {
            checkId: 'organisation.data-controller',
            status: 'not-applicable',
            notApplicableReason: 'out-of-scope',
            source: 'automatic',
            answeredBy: 'component:default/ci',
            answeredAt: '2026-11-01T09:00:00.000Z',
            version: 1,
          },
        ],
      },
      { now: NOW, catalog },
    );
    const check = scorecard.checks.find(
      c => c.checkId === 'organisation.data-controller',
    );
    expect(check).toMatchObject({ status: 'unknown', source: 'annotation' });
    expect(
      scorecard.roles.find(r => r.roleId === 'data-controller'),
    ).toMatchObject({
      required: true,
      problems: [expect.objectContaining({ type: 'unassigned' })],
    });
  });

  it('is configurable: required for every entity, or by another marker', () => {
    const always = new ReadinessEngine(
      buildReadinessModel({
        config: {
          roles: { overrides: { 'data-controller': { requiredWhen: false } } },
        },
      }),
    );
    expect(dataController(always, component('svc', staffed())).required).toBe(
      true,
    );

    const byOwnMarker = new ReadinessEngine(
      buildReadinessModel({
        config: {
          roles: {
            overrides: {
              'data-controller': {
                requiredWhen: { annotations: ['example.com/gdpr'] },
              },
            },
          },
        },
      }),
    );
    const marked = component('svc', staffed({ 'example.com/gdpr': 'true' }));
    expect(dataController(byOwnMarker, marked).required).toBe(true);
    // Once not a marker, the default's annotation is an unknown one again.
    expect(
      scoreOf(
        byOwnMarker,
        component('svc', staffed({ 'prodready.dev/personal-data': 'true' })),
      ).problems,
    ).toEqual([
      expect.objectContaining({ key: 'prodready.dev/personal-data' }),
    ]);
    expect(
      dataController(byOwnMarker, component('svc', staffed())).required,
    ).toBe(false);
  });

  it('refuses a condition naming a check that does not exist', () => {
    expect(() =>
      buildReadinessModel({
        config: {
          roles: {
            overrides: {
              'data-controller': {
                requiredWhen: { unlessNotApplicable: ['organisation.nope'] },
              },
            },
          },
        },
      }),
    ).toThrow(ReadinessConfigError);
  });

  it('lets a condition name a disabled check, built in, custom or contributed, which drops out', () => {
    const contributed = {
      id: 'compliance.pii-register',
      category: 'organisation',
      title: 'PII register',
      question: 'Is the PII register kept?',
      guidance: '',
      weight: 1,
      gate: false,
      level: 'silver',
      appliesTo: ['component'],
      roles: [],
    };
    const model = buildReadinessModel({
      contributions: { checks: [contributed] },
      config: {
        checks: {
          disabled: ['compliance.pii-register', 'organisation.data-controller'],
        },
        roles: {
          custom: [
            {
              id: 'dpo',
              title: 'Data protection officer',
              responsibility: 'Personal data',
              requiredWhen: {
                unlessNotApplicable: ['compliance.pii-register'],
              },
            },
          ],
        },
      },
    });
    expect(
      model.roles.find(r => r.id === 'dpo')?.requiredWhen?.unlessNotApplicable,
    ).toEqual([]);
  });
});

describe('role health where the roles check does not apply', () => {
  const engine = new ReadinessEngine(buildReadinessModel({}));

  it('gives a Resource no role problems', () => {
    const database = entity('Resource', 'db', {
      spec: { type: 'database', owner: 'group:default/platform' },
    });
    const scorecard = scoreOf(engine, database);
    expect(scorecard.checks.length).toBeGreaterThan(0);
    expect(scorecard.roleProblems).toBe(0);
    expect(scorecard.roleHealth).toEqual([]);
    expect(scorecard.roles.flatMap(r => r.problems)).toEqual([]);
  });

  it('still finds role problems of a Component with nobody assigned', () => {
    expect(scoreOf(engine, component('svc')).roleProblems).toBeGreaterThan(0);
  });

  it('keeps roles to those kinds when the roles check is disabled', () => {
    const withoutRoleScore = new ReadinessEngine(
      buildReadinessModel({
        config: { checks: { disabled: ['organisation.roles-assigned'] } },
      }),
    );
    const database = entity('Resource', 'db', {
      spec: { type: 'database', owner: 'group:default/platform' },
    });
    const resource = scoreOf(withoutRoleScore, database);
    expect(resource.roleProblems).toBe(0);
    expect(resource.roles.flatMap(r => r.problems)).toEqual([]);
    // A Component still shows who is missing, without the check's score.
    const svc = scoreOf(withoutRoleScore, component('svc'));
    expect(svc.roleProblems).toBeGreaterThan(0);
    expect(
      svc.checks.find(c => c.checkId === 'organisation.roles-assigned'),
    ).toBeUndefined();
  });
});
