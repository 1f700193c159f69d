import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  getBearerTokenFromAuthorizationHeader,
  tokenTypes,
} from '@backstage/plugin-auth-node';
import { RequestHandler } from 'express';
import { decodeJwt, decodeProtectedHeader } from 'jose';

/**
 * Starting or cancelling a plugin's scheduled task through Backstage's
 * scheduler API. Express routes ignore case and a trailing slash, so
 * this does too.
 */
const TASK_CONTROL =
  /^\/api\/[^/]+\/\.backstage\/scheduler\/v1\/tasks\/[^/]+\/(trigger|cancel)\/?$/i;

const USER_TYPES: unknown[] = [
  tokenTypes.user.typParam,
  tokenTypes.limitedUser.typParam,
];

/**
 * Whether Backstage would take the bearer token for a user's: a user or
 * limited-user token, a legacy user token (no type, audience `backstage`),
 * or a plugin's token on a user's behalf. Only the token's claims are read
 * here; the plugin's router still verifies it. Anything else is a
 * service's: static tokens (not JWTs), plugins' own tokens, legacy and
 * JWKS external-access tokens.
 */
function isUserToken(token: string): boolean {
  try {
    const { typ } = decodeProtectedHeader(token);
    if (USER_TYPES.includes(typ)) return true;
    const claims = decodeJwt(token);
    if (typ === tokenTypes.plugin.typParam) return 'obo' in claims;
    return !typ && claims.aud === tokenTypes.user.audClaim;
  } catch {
    return false; // not a JWT: a static token
  }
}

/**
 * The static tokens of `backend.auth.externalAccess` limited to some
 * permissions (a pipeline's): what they may do stops at those permissions,
 * and the scheduler routes ask none.
 *
 * @public
 */
export function scopedStaticTokens(config: Config): Set<string> {
  const tokens = new Set<string>();
  for (const access of config.getOptionalConfigArray(
    'backend.auth.externalAccess',
  ) ?? []) {
    if (access.getOptionalString('type') !== 'static') continue;
    const scoped = (
      access.getOptionalConfigArray('accessRestrictions') ?? []
    ).some(r => r.has('permission') || r.has('permissionAttribute'));
    const token = access.getOptionalString('options.token');
    if (scoped && token) tokens.add(token);
  }
  return tokens;
}

/**
 * Refuses Backstage's scheduler API's `trigger` and `cancel` (403) to users
 * and to static tokens limited to some permissions: Backstage checks no
 * permission there (backstage/backstage#30049), so any signed-in user could
 * start a whole-organisation full run or search reindex again and again, or
 * cancel one. Other services (operators' tokens, other plugins) keep them;
 * admins recompute with `POST /api/readiness/compute`. Add it to your
 * backend's root HTTP router, before the plugins' routes (see the README).
 *
 * @public
 */
export function schedulerGuard(
  scopedTokens: ReadonlySet<string> = new Set(),
): RequestHandler {
  return (req, _res, next) => {
    if (req.method !== 'POST' || !TASK_CONTROL.test(req.path)) {
      next();
      return;
    }
    const token = getBearerTokenFromAuthorizationHeader(
      req.headers.authorization,
    );
    // Without a token the plugin's router answers 401.
    if (!token || (!isUserToken(token) && !scopedTokens.has(token))) {
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
