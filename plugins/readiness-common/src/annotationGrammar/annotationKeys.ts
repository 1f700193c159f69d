/** The domain prefix of every readiness annotation. @public */
export const READINESS_ANNOTATION_PREFIX = 'prodready.dev/';
/** @public */
export const CHECK_ANNOTATION_PREFIX = `${READINESS_ANNOTATION_PREFIX}check.`;
/** @public */
export const ROLE_ANNOTATION_PREFIX = `${READINESS_ANNOTATION_PREFIX}role.`;
/** The annotation holding a cost table, read by `cost/costAnnotation.ts`. @public */
export const COST_ANNOTATION_KEY = `${READINESS_ANNOTATION_PREFIX}cost`;

/** The annotation that answers a check, e.g. `prodready.dev/check.recoverability.restore-test`. @public */
export function checkAnnotationKey(checkId: string): string {
  return `${CHECK_ANNOTATION_PREFIX}${checkId}`;
}

/** The annotation that names the holders of a role, e.g. `prodready.dev/role.dba`. @public */
export function roleAnnotationKey(roleId: string): string {
  return `${ROLE_ANNOTATION_PREFIX}${roleId}`;
}
