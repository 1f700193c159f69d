import { ReadinessRole, ReadinessRoleAssignment } from '../types';
import { catalogOf } from '../__testUtils__/fixtures';
import { evaluateRoles, RoleEvaluator, roleHealthStatus } from './roleHealth';

const roles: ReadinessRole[] = [
  { id: 'cto', title: 'CTO', responsibility: 'x', required: true, checks: [] },
  {
    id: 'dba',
    title: 'DB Administrator',
    responsibility: 'x',
    required: false,
    checks: [],
  },
  {
    id: 'sysadmin',
    title: 'System Administrator',
    responsibility: 'x',
    required: true,
    checks: [],
  },
];
const catalog = catalogOf(
  [
    'user:default/alice',
    'user:default/bob',
    'group:default/sre',
    'group:default/ghosts',
  ],
  { members: { 'group:default/ghosts': 0 } },
);

const assignment = (
  roleId: string,
  holders: string[],
  source: 'portal' | 'annotation' = 'annotation',
): ReadinessRoleAssignment => ({ roleId, holders, source });
const mapOf = (...items: ReadinessRoleAssignment[]) =>
  new Map(items.map(a => [a.roleId, a]));

function evaluate(sources: {
  portal?: ReadinessRoleAssignment[];
  annotation?: ReadinessRoleAssignment[];
  invalidAnnotation?: string[];
  inherited?: ReadinessRoleAssignment[];
}) {
  return evaluateRoles(
    roles,
    {
      portal: mapOf(...(sources.portal ?? [])),
      annotation: mapOf(...(sources.annotation ?? [])),
      invalidAnnotation: new Set(sources.invalidAnnotation),
      inherited: sources.inherited
        ? {
            entityRef: 'system:default/payments',
            roles: mapOf(...sources.inherited),
          }
        : undefined,
    },
    catalog,
  );
}

describe('role health', () => {
  it('reports required roles without holders, not optional ones', () => {
    const evaluation = evaluate({});
    expect(evaluation.roles).toEqual([
      {
        roleId: 'cto',
        required: true,
        holders: [],
        source: 'none',
        problems: [
          { type: 'unassigned', message: 'CTO is required and has no holder' },
        ],
      },
      {
        roleId: 'dba',
        required: false,
        holders: [],
        source: 'none',
        problems: [],
      },
      {
        roleId: 'sysadmin',
        required: true,
        holders: [],
        source: 'none',
        problems: [
          {
            type: 'unassigned',
            message: 'System Administrator is required and has no holder',
          },
        ],
      },
    ]);
    expect(evaluation.problemCount).toBe(2);
    expect(roleHealthStatus(evaluation)).toBe('not-met');
  });

  it('reports an assignment that names nobody as unassigned', () => {
    const evaluation = evaluate({ portal: [assignment('cto', [], 'portal')] });
    expect(evaluation.roles[0]).toMatchObject({
      source: 'portal',
      holders: [],
      problems: [{ type: 'unassigned' }],
    });
  });

  it('reports holders no longer in the catalog and groups without members', () => {
    const evaluation = evaluate({
      annotation: [
        assignment('cto', ['user:default/alice', 'user:default/carol']),
        assignment('dba', ['group:default/ghosts']),
        assignment('sysadmin', ['group:default/sre']),
      ],
    });
    expect(evaluation.roles.map(r => r.problems)).toEqual([
      [
        {
          type: 'holder-not-in-catalog',
          holder: 'user:default/carol',
          message: 'user:default/carol is no longer in the catalog',
        },
      ],
      [
        {
          type: 'empty-group',
          holder: 'group:default/ghosts',
          message: 'group:default/ghosts has no members',
        },
      ],
      [],
    ]);
    expect(evaluation.problemCount).toBe(2);
    expect(roleHealthStatus(evaluation)).toBe('partially-met');
  });

  it('reports one person holding every required role, but not a team', () => {
    const alone = evaluate({
      annotation: [
        assignment('cto', ['user:default/alice', 'user:default/bob']),
        assignment('sysadmin', ['user:default/alice']),
      ],
    });
    expect(alone.entityProblems).toEqual([
      {
        type: 'single-holder-of-all-required-roles',
        holder: 'user:default/alice',
        message: 'user:default/alice holds every required role',
      },
    ]);
    expect(roleHealthStatus(alone)).toBe('partially-met');

    const team = evaluate({
      annotation: [
        assignment('cto', ['group:default/sre']),
        assignment('sysadmin', ['group:default/sre']),
      ],
    });
    expect(team.entityProblems).toEqual([]);
    expect(roleHealthStatus(team)).toBe('met');
  });

  it('does not call a single required role a bus factor', () => {
    const evaluation = evaluateRoles(
      [roles[0], roles[1]],
      {
        portal: new Map(),
        annotation: mapOf(assignment('cto', ['user:default/alice'])),
        invalidAnnotation: new Set(),
      },
      catalog,
    );
    expect(evaluation.entityProblems).toEqual([]);
    expect(roleHealthStatus(evaluation)).toBe('met');
  });

  it('takes holders from the portal, else the annotation, else the System', () => {
    const evaluation = evaluate({
      portal: [assignment('cto', ['user:default/alice'], 'portal')],
      annotation: [
        assignment('cto', ['user:default/bob']),
        assignment('dba', ['user:default/bob']),
      ],
      inherited: [
        assignment('cto', ['group:default/sre']),
        assignment('dba', ['group:default/sre']),
        assignment('sysadmin', ['group:default/sre']),
      ],
    });
    expect(
      evaluation.roles.map(r => [
        r.roleId,
        r.source,
        r.holders,
        r.inheritedFrom,
      ]),
    ).toEqual([
      ['cto', 'portal', ['user:default/alice'], undefined],
      ['dba', 'annotation', ['user:default/bob'], undefined],
      [
        'sysadmin',
        'inherited',
        ['group:default/sre'],
        'system:default/payments',
      ],
    ]);
    expect(evaluation.roles[0].conflict).toEqual({
      portal: ['user:default/alice'],
      annotation: ['user:default/bob'],
    });
    expect(evaluation.roles[0].assignment?.source).toBe('portal');
  });

  it('leaves a role with a malformed annotation unassigned instead of inheriting, unless the portal assigns it', () => {
    const evaluation = evaluate({
      portal: [assignment('sysadmin', ['user:default/alice'], 'portal')],
      invalidAnnotation: ['cto', 'sysadmin'],
      inherited: [
        assignment('cto', ['group:default/sre']),
        assignment('dba', ['group:default/sre']),
        assignment('sysadmin', ['group:default/sre']),
      ],
    });
    expect(evaluation.roles.map(r => [r.roleId, r.source, r.holders])).toEqual([
      ['cto', 'none', []],
      ['dba', 'inherited', ['group:default/sre']],
      ['sysadmin', 'portal', ['user:default/alice']],
    ]);
    expect(evaluation.roles[0].problems.map(p => p.type)).toEqual([
      'unassigned',
    ]);
  });

  it('sees no conflict when portal and annotation name the same holders in another order or repeated', () => {
    const evaluation = evaluate({
      portal: [
        assignment('cto', ['user:default/bob', 'user:default/alice'], 'portal'),
      ],
      annotation: [
        assignment('cto', [
          'user:default/alice',
          'user:default/bob',
          'user:default/bob',
        ]),
      ],
    });
    expect(evaluation.roles[0].conflict).toBeUndefined();
    const different = evaluate({
      portal: [
        assignment(
          'cto',
          ['user:default/alice', 'user:default/alice'],
          'portal',
        ),
      ],
      annotation: [
        assignment('cto', ['user:default/alice', 'user:default/bob']),
      ],
    });
    expect(different.roles[0].conflict).toBeDefined();
  });

  it('is not applicable without required roles', () => {
    const evaluation = new RoleEvaluator(
      roles.map(r => ({ ...r, required: false })),
    ).evaluate(
      {
        portal: new Map(),
        annotation: new Map(),
        invalidAnnotation: new Set(),
      },
      catalog,
    );
    expect(roleHealthStatus(evaluation)).toBe('not-applicable');
  });

  it('shares the frozen result of an unassigned role', () => {
    const evaluator = new RoleEvaluator(roles);
    const sources = {
      portal: new Map(),
      annotation: new Map(),
      invalidAnnotation: new Set<string>(),
    };
    const first = evaluator.evaluate(sources, catalog);
    const second = evaluator.evaluate(sources, catalog);
    expect(first.roles[0]).toBe(second.roles[0]);
    expect(Object.isFrozen(first.roles[0])).toBe(true);
    expect(Object.isFrozen(first.roles[0].problems)).toBe(true);
  });
});

describe('role health that follows the org', () => {
  // A department whose people all sit in sub-teams, a team of one, and a
  // group of one person nested two levels down.
  const org = catalogOf(
    [
      'user:default/alice',
      'user:default/bob',
      'user:default/carol',
      'group:default/department',
      'group:default/team-x',
      'group:default/team-y',
      'group:default/solo',
      'group:default/solo-parent',
      'group:default/solo-grandparent',
      'group:default/empty-department',
      'group:default/empty-team',
    ],
    {
      users: {
        'group:default/department': [],
        'group:default/team-x': ['user:default/alice', 'user:default/bob'],
        'group:default/team-y': ['user:default/carol'],
        'group:default/solo': ['user:default/alice'],
        'group:default/solo-parent': [],
        'group:default/solo-grandparent': [],
        'group:default/empty-department': [],
        'group:default/empty-team': [],
      },
      children: {
        'group:default/department': [
          'group:default/team-x',
          'group:default/team-y',
        ],
        'group:default/solo-grandparent': ['group:default/solo-parent'],
        'group:default/solo-parent': ['group:default/solo'],
        'group:default/empty-department': ['group:default/empty-team'],
      },
    },
  );
  const evaluateIn = (...annotation: ReadinessRoleAssignment[]) =>
    evaluateRoles(
      roles,
      {
        portal: new Map(),
        annotation: mapOf(...annotation),
        invalidAnnotation: new Set(),
      },
      org,
    );

  it('does not call a department empty when its people sit in sub-teams', () => {
    const evaluation = evaluateIn(
      assignment('cto', ['group:default/department']),
      assignment('sysadmin', ['group:default/department']),
    );
    expect(evaluation.roles.flatMap(r => r.problems)).toEqual([]);
    expect(roleHealthStatus(evaluation)).toBe('met');
  });

  it('calls a department empty when nobody sits in it or below it', () => {
    const evaluation = evaluateIn(
      assignment('cto', ['group:default/empty-department']),
      assignment('sysadmin', ['user:default/bob']),
    );
    expect(evaluation.roles[0].problems).toEqual([
      expect.objectContaining({
        type: 'empty-group',
        holder: 'group:default/empty-department',
      }),
    ]);
  });

  it('reports one person holding every required role through a one-member group', () => {
    const evaluation = evaluateIn(
      assignment('cto', ['group:default/solo']),
      assignment('sysadmin', ['user:default/alice']),
    );
    expect(evaluation.entityProblems).toEqual([
      expect.objectContaining({
        type: 'single-holder-of-all-required-roles',
        holder: 'user:default/alice',
      }),
    ]);
    expect(roleHealthStatus(evaluation)).toBe('partially-met');

    // The same person behind groups nested two levels deep.
    const nested = evaluateIn(
      assignment('cto', ['group:default/solo-grandparent']),
      assignment('sysadmin', ['group:default/solo']),
    );
    expect(nested.entityProblems.map(p => p.holder)).toEqual([
      'user:default/alice',
    ]);
  });

  it('does not call a team of several one person, though sub-teams hold the roles', () => {
    const evaluation = evaluateIn(
      assignment('cto', ['group:default/team-x']),
      assignment('sysadmin', ['group:default/department']),
    );
    expect(evaluation.entityProblems).toEqual([]);
  });

  it('does not require a role of an entity that does not need it', () => {
    const evaluation = evaluateRoles(
      roles,
      {
        portal: new Map(),
        annotation: mapOf(assignment('cto', ['user:default/alice'])),
        invalidAnnotation: new Set(),
        notRequired: new Set(['sysadmin']),
      },
      org,
    );
    const sysadmin = evaluation.roles.find(r => r.roleId === 'sysadmin')!;
    expect(sysadmin).toMatchObject({ required: false, problems: [] });
    // Only one required role is left: no bus factor, and the check is met.
    expect(evaluation.problemCount).toBe(0);
    expect(roleHealthStatus(evaluation)).toBe('met');
  });
});
