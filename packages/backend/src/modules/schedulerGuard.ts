import { rootHttpRouterServiceFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { NotAllowedError } from '@backstage/errors';
import {
  getBearerTokenFromAuthorizationHeader,
  tokenTypes,
} from '@backstage/plugin-auth-node';
import { RequestHandler } from 'express';
import { decodeProtectedHeader } from 'jose';

/**
 * Starting or cancelling a plugin's scheduled task through Backstage's
 * scheduler API. Express routes ignore case and a trailing slash, so
 * this does too.
 */
const TASK_CONTROL =
  /^\/api\/[^/]+\/\.backstage\/scheduler\/v1\/tasks\/[^/]+\/(trigger|cancel)\/?$/i;

/**
 * Whether the bearer token is anything but a service's: a static token
 * (not a JWT) or a plugin's own token. Only the type is read here; the
 * plugin's router still verifies the token itself.
 */
function isServiceToken(token: string | undefined): boolean {
  if (!token) return true; // no credentials: the plugin answers 401
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(token).typ;
  } catch {
    return true; // not a JWT: a static external-access token
  }
  return typ === tokenTypes.plugin.typParam;
}

/**
 * Refuses users the scheduler API's `trigger` and `cancel` (403): Backstage
 * checks no permission there (backstage/backstage#30049), so any signed-in
 * user could start a whole-organisation full run or search reindex again
 * and again, or cancel one. Services (static tokens, other plugins) keep
 * them; admins recompute with `POST /api/readiness/compute`.
 */
export function schedulerGuard(): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'POST' || !TASK_CONTROL.test(req.path)) {
      next();
      return;
    }
    const token = getBearerTokenFromAuthorizationHeader(
      req.headers.authorization,
    );
    if (isServiceToken(token)) {
      next();
      return;
    }
    next(
      new NotAllowedError(
        'Scheduled tasks are started and cancelled by services only; a readiness admin recomputes with POST /api/readiness/compute',
      ),
    );
  };
}

/** The root HTTP router with {@link schedulerGuard} before every plugin's routes. */
export const guardedRootHttpRouter = rootHttpRouterServiceFactory({
  configure({ app, applyDefaults }) {
    app.use(schedulerGuard());
    applyDefaults();
  },
});
