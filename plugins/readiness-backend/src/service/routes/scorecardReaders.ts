import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { ConflictError, isError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { readinessScorecardReadPermission } from '@prodready/plugin-readiness-common';

/*
 * `readiness.scorecard.read` guards what is stored about an entity, and a
 * policy may let someone write who may not read (a bot that answers one
 * check): what a write answers with besides its own outcome (the rescored
 * scorecard, the record a 409 found) goes only to callers who may read.
 */

/** Whether the caller may read scorecards; no when the decision cannot be had. */
export async function mayReadScorecards(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<boolean> {
  try {
    const [decision] = await permissions.authorize(
      [{ permission: readinessScorecardReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  } catch {
    return false;
  }
}

/**
 * An entity write's error as the caller is shown it: a 409 carries the
 * stored record (`current`, another user's answer, note or reason) only to
 * a caller who may read scorecards; the others get its message alone.
 */
export async function errorShownTo(
  permissions: PermissionsService,
  credentials: BackstageCredentials | undefined,
  error: unknown,
): Promise<unknown> {
  if (!isError(error) || !('current' in error)) return error;
  if (credentials && (await mayReadScorecards(permissions, credentials))) {
    return error;
  }
  const shown = new ConflictError(error.message);
  shown.stack = error.stack;
  return shown;
}
