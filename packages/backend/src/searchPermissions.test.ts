/*
 * Readiness results in Backstage search follow the catalog's read
 * permission, entity by entity, on the real plugins: the catalog with the
 * demo organisation, the permission backend with a policy under which users
 * read only the entities their groups own (a conditional decision the
 * catalog applies), the readiness backend, and the search backend with the
 * readiness collator on the real scheduler.
 */
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { parseEntityRef } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogEntityReadPermission } from '@backstage/plugin-catalog-common/alpha';
import {
  AuthorizeResult,
  isPermission,
} from '@backstage/plugin-permission-common';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { AddressInfo } from 'node:net';
import {
  DEMO_CATALOG_CONFIG,
  computeDemoReadiness,
} from './__testUtils__/demoCatalog';
import {
  DEMO_MEMBERSHIP,
  mockUserInfo,
  onBehalfOfHttpAuth,
} from './__testUtils__/mockUsers';

jest.setTimeout(180_000);

/** Users read the entities their groups own, and may do everything else. */
const ownersReadTheirEntities = createBackendModule({
  pluginId: 'permission',
  moduleId: 'owners-read-their-entities',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy({
          async handle(request, user) {
            if (isPermission(request.permission, catalogEntityReadPermission)) {
              return createCatalogConditionalDecision(
                request.permission,
                catalogConditions.isEntityOwner({
                  claims: user?.info.ownershipEntityRefs ?? [],
                }),
              );
            }
            return { result: AuthorizeResult.ALLOW };
          },
        });
      },
    });
  },
});

describe('readiness results in Backstage search', () => {
  let base: string;
  const alice = mockCredentials.user.header('user:default/alice');
  const bob = mockCredentials.user.header('user:default/bob');

  /** The entity refs of the readiness documents a search shows `user`. */
  async function readinessResults(user: string): Promise<string[]> {
    const res = await fetch(
      `${base}/api/search/query?term=readiness&types%5B0%5D=readiness&pageLimit=100`,
      { headers: { authorization: user } },
    );
    // Until the first collation has finished there is no index (500).
    if (!res.ok) return [];
    const body = await res.json();
    return body.results.map((r: any) => r.document.entityRef);
  }

  /** Whether `user` may read `ref` in the catalog, as the catalog says. */
  async function readsInCatalog(user: string, ref: string) {
    const { kind, namespace, name } = parseEntityRef(ref);
    const res = await fetch(
      `${base}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`,
      { headers: { authorization: user } },
    );
    if (res.status !== 200 && res.status !== 404) {
      throw new Error(`catalog read of ${ref}: ${res.status}`);
    }
    return res.status === 200;
  }

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        require('@backstage/plugin-catalog-backend').default,
        require('@backstage/plugin-permission-backend').default,
        ownersReadTheirEntities,
        require('@prodready/plugin-readiness-backend').default,
        require('@backstage/plugin-search-backend').default,
        require('@prodready/plugin-search-backend-module-readiness').default,
        // The real scheduler, which runs the collator when triggered.
        schedulerServiceFactory,
        mockUserInfo(DEMO_MEMBERSHIP),
        onBehalfOfHttpAuth,
        mockServices.rootConfig.factory({
          data: {
            permission: { enabled: true },
            catalog: DEMO_CATALOG_CONFIG,
            search: {
              collators: {
                readiness: {
                  // Triggered once the full run has scored the demo.
                  schedule: {
                    frequency: { trigger: 'manual' },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
      ],
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await computeDemoReadiness(base, alice);
    // The collator indexes what the full run stored: once it has finished.
    for (let i = 0; ; i++) {
      const ready = await fetch(`${base}/api/readiness/health/ready`);
      if ((await ready.json()).lastFullRun?.finishedAt) break;
      if (i > 600) throw new Error('the readiness full run did not finish');
      await new Promise(r => setTimeout(r, 200));
    }
    const trigger = await fetch(
      `${base}/api/search/.backstage/scheduler/v1/tasks/search_index_readiness/trigger`,
      { method: 'POST', headers: { authorization: alice } },
    );
    if (trigger.status !== 200) {
      throw new Error(`triggering the collator: ${trigger.status}`);
    }
  });

  it('shows each user the readiness of the entities they may read in the catalog, and no other', async () => {
    // Until a collation after the full run, the index holds no scorecard.
    let [aliceSees, bobSees]: string[][] = [[], []];
    for (let i = 0; i < 240; i++) {
      [aliceSees, bobSees] = await Promise.all([
        readinessResults(alice),
        readinessResults(bob),
      ]);
      if (
        aliceSees.includes('component:default/payments-api') &&
        bobSees.includes('component:default/search-api')
      ) {
        break;
      }
      await new Promise(r => setTimeout(r, 500));
    }
    expect(aliceSees).toContain('component:default/payments-api');
    expect(bobSees).toContain('component:default/search-api');
    // Every result is an entity the catalog lets its user read ...
    for (const ref of aliceSees) {
      expect([ref, await readsInCatalog(alice, ref)]).toEqual([ref, true]);
    }
    for (const ref of bobSees) {
      expect([ref, await readsInCatalog(bob, ref)]).toEqual([ref, true]);
    }
    // ... and what one team reads, the other does not find.
    expect(aliceSees.filter(ref => bobSees.includes(ref))).toEqual([]);
    expect(await readsInCatalog(alice, 'component:default/search-api')).toBe(
      false,
    );
  });
});
