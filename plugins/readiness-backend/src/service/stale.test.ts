import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { readinessPlugin } from '../plugin';
import { smallOrg } from '../__testUtils__/entities';
import { permissionsFor } from '../__testUtils__/testBackend';

jest.setTimeout(30_000);

/** The in-memory catalog, with a switch that makes every call fail like an unreachable service. */
function flakyCatalog() {
  const catalog = catalogServiceMock({ entities: smallOrg() });
  const state = { down: false };
  const proxy = new Proxy(catalog, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop === 'streamEntities') {
        return async function* stream(...args: any[]) {
          if (state.down) throw new Error('connect ECONNREFUSED catalog');
          yield* value.apply(target, args);
        };
      }
      return async (...args: any[]) => {
        if (state.down) throw new Error('connect ECONNREFUSED catalog');
        return value.apply(target, args);
      };
    },
  });
  const factory = createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: () => proxy,
  });
  return { state, factory };
}

describe('when the catalog is unreachable', () => {
  it.each([
    ['lets the caller read every entity', 'allow' as const],
    ['decides per entity', 'conditional' as const],
  ])(
    'serves the last results marked stale, and says so for rollups (the catalog policy %s)',
    async (_, catalogRead) => {
      const { state, factory } = flakyCatalog();
      const auditor = mockServices.auditor.mock();
      const { server } = await startTestBackend({
        features: [
          readinessPlugin,
          factory,
          auditor.factory,
          permissionsFor(smallOrg(), () => catalogRead).factory,
        ],
      });
      const api = request(server);
      const auth = mockCredentials.user.header('user:default/carol');
      const get = (path: string) =>
        api.get(`/api/readiness${path}`).set('Authorization', auth);
      const compute = () =>
        api
          .post('/api/readiness/compute')
          .set('Authorization', auth)
          .expect(202);
      await compute();
      const fresh = await get('/entities/component/default/cart').expect(200);
      expect(fresh.body.stale).toBe(false);
      expect((await get('/rollups')).body.stale).toBe(false);

      state.down = true;
      // Served only to a caller the catalog lets read every entity: for
      // another, whether it may read this one is the catalog's to say.
      const stale = await get('/entities/component/default/cart');
      expect({
        status: stale.status,
        body: stale.body.error?.name ?? stale.body,
      }).toEqual(
        catalogRead === 'allow'
          ? {
              status: 200,
              body: { scorecard: fresh.body.scorecard, stale: true },
            }
          : { status: 503, body: 'ServiceUnavailableError' },
      );
      // Computed but never read: only what rollups and lists need is stored,
      // and building the detail needs the catalog.
      const unread = await get('/entities/component/default/search').expect(
        503,
      );
      expect(unread.body.error.name).toBe('ServiceUnavailableError');
      // Never computed, so there is nothing to serve.
      const unknown = await get('/entities/component/default/new-thing').expect(
        503,
      );
      expect(unknown.body.error.name).toBe('ServiceUnavailableError');

      await compute();
      const rollups = await get('/rollups').expect(200);
      expect(rollups.body.stale).toBe(true);
      expect(rollups.body.totalCount).toBeGreaterThan(0);
      const group = await get('/rollups/group/default/team-a').expect(200);
      expect(group.body.stale).toBe(true);
      expect(group.body.rollup.ref).toBe('group:default/team-a');
      // With every entity readable the stored ones are listed; when the
      // catalog decides per entity, it is the catalog's to say: none meanwhile.
      expect(group.body.entities.length > 0).toBe(catalogRead === 'allow');

      // Writes need the catalog (ownership, existence): they fail, are audited as failed, and store nothing.
      await api
        .put(
          '/api/readiness/entities/component/default/cart/answers/scalability.sizing',
        )
        .set('Authorization', auth)
        .send({ status: 'met', version: 0 })
        .expect(503);
      const events = auditor.createEvent.mock.calls.map(
        ([options]) => options.eventId,
      );
      expect(events).toContain('answer-update');

      state.down = false;
      await compute();
      expect((await get('/rollups')).body.stale).toBe(false);
      const history = await get(
        '/entities/component/default/cart/history',
      ).expect(200);
      expect(history.body.changes).toEqual([]);
    },
  );
});
