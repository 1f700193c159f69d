/*
 * The annotation grammar (docs/annotations.md) and the scanner shared by the
 * public parser (annotations.ts) and the engine, which collects answers in
 * its own compact form. Internal: the public names are re-exported from
 * annotations.ts.
 */

export {
  CHECK_ANNOTATION_PREFIX,
  COST_ANNOTATION_KEY,
  READINESS_ANNOTATION_PREFIX,
  ROLE_ANNOTATION_PREFIX,
  checkAnnotationKey,
  roleAnnotationKey,
} from './annotationKeys';
export {
  ANSWER_LIMITS,
  hasControlCharacter,
  isEvidenceUrl,
  isHttpUrl,
  isIsoDate,
} from './answerValues';
export { annotationModelOf, scanReadinessAnnotations } from './scanAnnotations';
export type { AnnotationModel, AnnotationSink } from './scanAnnotations';
