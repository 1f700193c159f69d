import { Entity } from '@backstage/catalog-model';
import {
  ReadinessAnswer,
  ReadinessCheck,
  ReadinessRole,
  ReadinessRoleAssignment,
  ValidationProblem,
} from '../types';
import {
  CHECK_ANNOTATION_PREFIX,
  COST_ANNOTATION_KEY,
  READINESS_ANNOTATION_PREFIX,
  ROLE_ANNOTATION_PREFIX,
  checkAnnotationKey,
} from './annotationKeys';
import { parseAnswer } from './answerAnnotation';
import { parseHolders } from './roleAnnotation';

/** The checks and roles the parser knows, keyed by id. */
export interface AnnotationModel {
  checks: ReadonlyMap<string, ReadinessCheck>;
  roleIds: ReadonlySet<string>;
  /**
   * Annotation names that mark an entity for a role's `requiredWhen` (the
   * value `"true"`), such as `prodready.dev/personal-data`: read by role
   * health, so not unknown readiness annotations.
   */
  markers?: ReadonlySet<string>;
}

/** What the parser knows of a model: its checks by id, its roles and their markers. */
export function annotationModelOf(
  checks: ReadonlyMap<string, ReadinessCheck>,
  roles: readonly ReadinessRole[],
): AnnotationModel {
  return {
    checks,
    roleIds: new Set(roles.map(r => r.id)),
    markers: new Set(roles.flatMap(r => r.requiredWhen?.annotations ?? [])),
  };
}

/** Where the scanner puts what it reads. */
export interface AnnotationSink {
  answer(check: ReadinessCheck, answer: ReadinessAnswer): void;
  /** A check whose annotation is present but malformed. */
  invalidCheck(check: ReadinessCheck): void;
  role(roleId: string, assignment: ReadinessRoleAssignment): void;
  /** A role whose annotation is present but malformed. */
  invalidRole(roleId: string): void;
}

/** Checks by their annotation key, derived once per checks map. */
const checksByKeyCache = new WeakMap<
  ReadonlyMap<string, ReadinessCheck>,
  Map<string, ReadinessCheck>
>();

function checksByKey(
  checks: ReadonlyMap<string, ReadinessCheck>,
): Map<string, ReadinessCheck> {
  let byKey = checksByKeyCache.get(checks);
  if (!byKey || byKey.size !== checks.size) {
    byKey = new Map();
    for (const check of checks.values()) {
      byKey.set(checkAnnotationKey(check.id), check);
    }
    checksByKeyCache.set(checks, byKey);
  }
  return byKey;
}

/**
 * Reads an entity's readiness annotations into a sink. Never throws: every
 * malformed value becomes a problem that names its key.
 */
export function scanReadinessAnnotations(
  entity: Entity,
  model: AnnotationModel,
  sink: AnnotationSink,
  problems: ValidationProblem[],
): void {
  const annotations = entity.metadata.annotations;
  if (!annotations) {
    return;
  }
  const byKey = checksByKey(model.checks);
  let kind: string | undefined;
  for (const key in annotations) {
    if (!key.startsWith(READINESS_ANNOTATION_PREFIX)) {
      continue;
    }
    const raw = annotations[key];
    if (typeof raw !== 'string') {
      problems.push({ key, message: 'value must be a string' });
      continue;
    }
    // Look the check up by the whole key: no slicing for known checks.
    const check = byKey.get(key);
    if (check) {
      kind ??= entity.kind.toLowerCase();
      if (check.scoredBy === 'role-health') {
        problems.push({
          key,
          checkId: check.id,
          message:
            'this check is scored from role health; assign roles with prodready.dev/role.<roleId> instead',
        });
      } else if (!check.appliesTo.includes(kind)) {
        problems.push({
          key,
          checkId: check.id,
          message: `this check does not apply to a ${kind}`,
        });
      } else {
        const answer = parseAnswer(key, check.id, raw, check, problems);
        if (answer) {
          sink.answer(check, answer);
        } else {
          sink.invalidCheck(check);
        }
      }
    } else if (key.startsWith(CHECK_ANNOTATION_PREFIX)) {
      const checkId = key.slice(CHECK_ANNOTATION_PREFIX.length);
      problems.push({ key, message: `unknown check '${checkId}'` });
    } else if (key.startsWith(ROLE_ANNOTATION_PREFIX)) {
      const roleId = key.slice(ROLE_ANNOTATION_PREFIX.length);
      if (!model.roleIds.has(roleId)) {
        problems.push({ key, message: `unknown role '${roleId}'` });
        continue;
      }
      const holders = parseHolders(
        key,
        roleId,
        raw,
        entity.metadata.namespace ?? 'default',
        problems,
      );
      if (holders) {
        sink.role(roleId, {
          roleId,
          holders,
          source: 'annotation',
          assignedBy: 'annotation',
        });
      } else {
        sink.invalidRole(roleId);
      }
    } else if (key === COST_ANNOTATION_KEY) {
      // A cost table: the engine reads it with the cost module.
      continue;
    } else if (model.markers?.has(key)) {
      // Role health reads it; any other value would silently not mark.
      if (!/^(true|false)$/i.test(raw.trim())) {
        problems.push({
          key,
          message: `value '${raw.slice(0, 40)}' is neither true nor false`,
        });
      }
    } else {
      problems.push({
        key,
        message: `unknown readiness annotation; use ${CHECK_ANNOTATION_PREFIX}<checkId>, ${ROLE_ANNOTATION_PREFIX}<roleId> or ${COST_ANNOTATION_KEY}`,
      });
    }
  }
}
