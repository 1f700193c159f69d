import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { smallOrg } from '../__testUtils__/entities';
import { catalogWith } from '../__testUtils__/hidingCatalog';
import {
  base,
  cart,
  carol,
  permissionsFor,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

/** The permission names a service's token is restricted to, if it is. */
const restrictedTo = (credentials?: BackstageCredentials) =>
  (credentials?.principal as any)?.accessRestrictions?.permissionNames as
    | string[]
    | undefined;

/**
 * A pipeline's static token, restricted to these permissions of the
 * readiness plugin: the credentials of the requests sent without a token
 * (a mock token cannot carry access restrictions).
 */
const pipeline = (permissionNames: string[]) =>
  mockServices.httpAuth.factory({
    defaultCredentials: mockCredentials.service('external:ci', {
      permissionNames,
    }),
  });

/**
 * The backend with Backstage's rules for restricted service tokens: the
 * permission client allows such a token only the permissions it names,
 * and the auth service will not pass it on to another plugin (the catalog)
 * once its access to that plugin is restricted.
 */
async function backend(
  permissionNames: string[],
  { catalogAccess }: { catalogAccess?: 'unrestricted' } = {},
) {
  const entities = smallOrg();
  const permissions = permissionsFor(entities);
  for (const method of ['authorize', 'authorizeConditional'] as const) {
    const mock = permissions[method] as jest.Mock;
    const decide = mock.getMockImplementation()!;
    mock.mockImplementation(async (requests: any[], options: any) => {
      const names = restrictedTo(options?.credentials);
      if (!names) return decide(requests, options);
      return requests.map(r => ({
        result: names.includes(r.permission.name)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      }));
    });
  }
  const refuseRestricted =
    (call: (...args: any[]) => Promise<unknown>) =>
    async (
      request: unknown,
      options?: { credentials?: BackstageCredentials },
    ) => {
      if (
        catalogAccess !== 'unrestricted' &&
        restrictedTo(options?.credentials)
      ) {
        throw new NotAllowedError(
          "Access to target plugin 'catalog' is restricted and cannot be delegated",
        );
      }
      return call(request, options);
    };
  const { api } = await startBackend({
    entities,
    permissions,
    httpAuth: pipeline(permissionNames),
    catalog: catalogWith(entities, inner => ({
      getEntityByRef: refuseRestricted((...a) => inner.getEntityByRef(...a)),
      getEntitiesByRefs: refuseRestricted((...a) =>
        inner.getEntitiesByRefs(...a),
      ),
    })),
  });
  await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
  return api;
}

describe('a pipeline token with access restrictions', () => {
  it("reads an entity's readiness and campaigns when it may read the catalog", async () => {
    const api = await backend([
      'readiness.result.create',
      'readiness.scorecard.read',
      'catalog.entity.read',
    ]);
    const read = await api.get(cart).expect(200);
    expect(read.body.scorecard.entityRef).toBe('component:default/cart');
    await api.get(`${cart}/campaigns`).expect(200);
    const several = await api
      .get(`${base}/entity-campaigns?entityRef=component:default/cart`)
      .expect(200);
    expect(several.body.items.map((i: any) => i.entityRef)).toEqual([
      'component:default/cart',
    ]);
  });

  it('reads them through the catalog when its catalog access is unrestricted', async () => {
    const api = await backend(['readiness.scorecard.read'], {
      catalogAccess: 'unrestricted',
    });
    await api.get(cart).expect(200);
    await api.get(`${cart}/campaigns`).expect(200);
  });

  it('is refused, naming the permission, when it may not read the catalog', async () => {
    const api = await backend([
      'readiness.result.create',
      'readiness.scorecard.read',
    ]);
    for (const url of [cart, `${cart}/campaigns`]) {
      const { body } = await api.get(url).expect(403);
      expect(body.error.message).toMatch(/catalog\.entity\.read/);
    }
  });
});
