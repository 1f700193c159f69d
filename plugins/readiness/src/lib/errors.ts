import { isError, ResponseError } from '@backstage/errors';

/** The message to show for a failed request: the server's own words when there are any. */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.body.error.message || error.message;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * For a 409 from a write: what is stored now (`error.current` in the body,
 * null when nothing is), so the user can see it and apply their edit on top.
 * Undefined for any other error.
 */
export function conflictOf<T>(
  error: unknown,
): { current: T | null } | undefined {
  if (!ResponseError.is(error) || error.statusCode !== 409) return undefined;
  const current = (error.body.error as { current?: T | null }).current;
  return { current: current ?? null };
}

/**
 * Whether a request failed with 404: the client's `ResponseError` for that
 * status, or a `NotFoundError` thrown as it is.
 */
export function isNotFound(error: unknown): boolean {
  if (ResponseError.is(error)) return error.statusCode === 404;
  return isError(error) && error.name === 'NotFoundError';
}

/** Whether a request was refused by the permission policy (403). */
export function isForbidden(error: unknown): boolean {
  if (ResponseError.is(error)) return error.statusCode === 403;
  return isError(error) && error.name === 'NotAllowedError';
}
