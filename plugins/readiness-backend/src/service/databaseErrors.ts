import {
  CustomErrorBase,
  isError,
  ServiceUnavailableError,
} from '@backstage/errors';

// Node socket errors, and PostgreSQL's connection (08) and shutdown (57P0x) classes.
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
]);
const UNREACHABLE_MESSAGES =
  /Connection terminated|Timeout acquiring a connection|connect ECONNREFUSED|the database system is (starting up|shutting down)/i;

/**
 * True when an error says the database cannot be reached (as opposed to a
 * bad query). A route's own HTTP error (a catalog outage's 503, whose
 * message quotes the socket error) already says what failed.
 */
export function isDatabaseUnreachable(error: unknown): boolean {
  if (!isError(error) || error instanceof CustomErrorBase) return false;
  const code = (error as { code?: unknown }).code;
  return (
    (typeof code === 'string' && UNREACHABLE_CODES.has(code)) ||
    error.name === 'KnexTimeoutError' ||
    UNREACHABLE_MESSAGES.test(error.message)
  );
}

/**
 * The error a caller is given: a 503 that says the database cannot be
 * reached in place of the driver's error (which names its address), any
 * other error as it is. The routes and the actions answer alike.
 */
export function asCallerError(error: unknown): unknown {
  return isDatabaseUnreachable(error)
    ? new ServiceUnavailableError(
        'The readiness database cannot be reached; try again shortly',
      )
    : error;
}
