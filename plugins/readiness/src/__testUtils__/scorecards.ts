import { Entity } from '@backstage/catalog-model';
import {
  buildReadinessModel,
  catalogDetectors,
  EntityScorecard,
  ReadinessAnswer,
  ReadinessEngine,
  ReadinessRoleAssignment,
  StoredAnswer,
  StoredRoleAssignment,
} from '@prodready/plugin-readiness-common';
import { ReadinessApi } from '../api/ReadinessApi';

/*
 * Realistic scorecards for tests, computed by the real engine from entities
 * with readiness annotations, instead of hand-written JSON.
 */

export const model = buildReadinessModel();
const engine = new ReadinessEngine(model, catalogDetectors);

/** Users and groups the test catalog knows. */
export const catalogRefs = new Set([
  'group:default/payments-team',
  'group:default/sre',
  'user:default/alice',
  'user:default/bob',
  'user:default/dmitri',
  'system:default/payments-core',
]);

export const ENTITY_REF = 'component:default/payments-api';

/** A production component like the demo's payments-api, with a few annotations. */
export function paymentsApi(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'payments-api',
      namespace: 'default',
      title: 'Payments API',
      annotations: {
        'prodready.dev/check.monitoring.metrics':
          'met; evidence=https://grafana.example.com/d/payments',
        'prodready.dev/check.resiliency.multi-region': 'not-met',
        'prodready.dev/role.devops-lead': 'user:default/dmitri',
        ...annotations,
      },
    },
    spec: {
      type: 'service',
      owner: 'group:default/payments-team',
      lifecycle: 'production',
      system: 'payments-core',
    },
  };
}

/** Scores an entity with the engine, as the backend does. */
export function scorecardOf(
  entity: Entity,
  stored: {
    answers?: ReadinessAnswer[];
    roles?: ReadinessRoleAssignment[];
    now?: Date;
    /** The entity's System, whose answers and roles it inherits. */
    system?: Entity;
    /** The System's portal role assignments. */
    systemRoles?: ReadinessRoleAssignment[];
  } = {},
): EntityScorecard {
  return engine.score(
    {
      entity,
      portalAnswers: stored.answers,
      portalRoles: stored.roles,
      system:
        stored.system &&
        engine.inheritableFrom(stored.system, undefined, stored.systemRoles),
    },
    {
      now: stored.now ?? new Date(),
      catalog: {
        exists: ref => catalogRefs.has(ref),
        groupMemberCount: ref => (catalogRefs.has(ref) ? 3 : undefined),
        groupMembers: ref =>
          catalogRefs.has(ref)
            ? ['user:default/a', 'user:default/b', 'user:default/c']
            : undefined,
        lifecycleOf: () => undefined,
      },
    },
  );
}

/** getModel and getScorecard serving one scorecard, as the backend answers them. */
export function scorecardApi(
  scorecard: EntityScorecard,
  stale = false,
): Pick<ReadinessApi, 'getModel' | 'getScorecard'> {
  return {
    getModel: async () => model,
    getScorecard: async () => ({ scorecard, stale }),
  };
}

/** A portal answer as the backend stores it. */
export function storedAnswer(
  checkId: string,
  fields: Partial<StoredAnswer> = {},
): StoredAnswer {
  return {
    entityRef: ENTITY_REF,
    checkId,
    status: 'met',
    source: 'portal',
    answeredBy: 'user:default/alice',
    answeredAt: new Date().toISOString(),
    version: 1,
    ...fields,
  };
}

/** A portal role assignment as the backend stores it. */
export function storedRole(
  roleId: string,
  holders: string[],
  fields: Partial<StoredRoleAssignment> = {},
): StoredRoleAssignment {
  return {
    entityRef: ENTITY_REF,
    roleId,
    holders,
    source: 'portal',
    assignedBy: 'user:default/alice',
    assignedAt: new Date().toISOString(),
    version: 1,
    ...fields,
  };
}

/** An ISO date `days` from now (negative: in the past). */
export function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86400000).toISOString().slice(0, 10);
}

/** The System payments-api belongs to, with answers and roles its parts inherit. */
export function paymentsCore(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'System',
    metadata: { name: 'payments-core', namespace: 'default', annotations },
    spec: { owner: 'group:default/payments-team' },
  };
}
