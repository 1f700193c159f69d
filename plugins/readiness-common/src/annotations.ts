import { Entity } from '@backstage/catalog-model';
import {
  ReadinessAnswer,
  ReadinessCheck,
  ReadinessRoleAssignment,
  ValidationProblem,
} from './types';
import {
  AnnotationModel,
  AnnotationSink,
  scanReadinessAnnotations,
} from './annotationGrammar';

export {
  ANSWER_LIMITS,
  CHECK_ANNOTATION_PREFIX,
  READINESS_ANNOTATION_PREFIX,
  ROLE_ANNOTATION_PREFIX,
  checkAnnotationKey,
  hasControlCharacter,
  isEvidenceUrl,
  isHttpUrl,
  isIsoDate,
  roleAnnotationKey,
} from './annotationGrammar';
export type { AnnotationModel } from './annotationGrammar';

/** What an entity's readiness annotations say. @public */
export interface ParsedReadinessAnnotations {
  answers: Map<string, ReadinessAnswer>;
  /** Checks whose annotation is present but malformed: they count as unknown. */
  invalidChecks: Set<string>;
  roles: Map<string, ReadinessRoleAssignment>;
  /** Roles whose annotation is present but malformed. */
  invalidRoles: Set<string>;
  problems: ValidationProblem[];
}

/**
 * Reads an entity's readiness annotations. Never throws: every malformed
 * value becomes a validation problem that names its key.
 * @public
 */
export function parseReadinessAnnotations(
  entity: Entity,
  model: AnnotationModel,
): ParsedReadinessAnnotations {
  const result: ParsedReadinessAnnotations = {
    answers: new Map(),
    invalidChecks: new Set(),
    roles: new Map(),
    invalidRoles: new Set(),
    problems: [],
  };
  const sink: AnnotationSink = {
    answer: (check: ReadinessCheck, answer: ReadinessAnswer) =>
      result.answers.set(check.id, answer),
    invalidCheck: (check: ReadinessCheck) => result.invalidChecks.add(check.id),
    role: (roleId: string, assignment: ReadinessRoleAssignment) =>
      result.roles.set(roleId, assignment),
    invalidRole: (roleId: string) => result.invalidRoles.add(roleId),
  };
  scanReadinessAnnotations(entity, model, sink, result.problems);
  return result;
}
