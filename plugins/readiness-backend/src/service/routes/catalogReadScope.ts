import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import { AuthorizeResult } from '@backstage/plugin-permission-common';

/**
 * Which catalog entities a caller may read: every one, none, or it depends
 * on the entity (a conditional decision, which only the catalog can apply).
 */
export type CatalogReadScope = 'all' | 'none' | 'per-entity';

/**
 * The decision the catalog takes first when it reads for a caller. When it is
 * unconditional, per-entity data needs no catalog request to be filtered: the
 * catalog would return every entity asked for, or none.
 */
export async function catalogReadScope(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
): Promise<CatalogReadScope> {
  const [decision] = await permissions.authorizeConditional(
    [{ permission: catalogEntityReadPermission }],
    { credentials },
  );
  if (decision.result === AuthorizeResult.ALLOW) return 'all';
  if (decision.result === AuthorizeResult.DENY) return 'none';
  return 'per-entity';
}
