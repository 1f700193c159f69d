import {
  BackstageCredentials,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { ReadinessEngine } from '@prodready/plugin-readiness-common';
import { createTestDatabases } from '../__testUtils__/databases';
import { annotated, smallOrg } from '../__testUtils__/entities';
import {
  base,
  bob,
  cart,
  carol,
  CatalogReadPolicy,
  permissionsFor,
  startBackend,
} from '../__testUtils__/testBackend';
import { ScorecardTable } from '../database/scorecardTable';
import { ReadinessComputation } from './ReadinessComputation';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/** The in-memory catalog, recording each call: its method and whose credentials it carries. */
function recordingCatalog(entities: Entity[]) {
  const inner = catalogServiceMock({ entities });
  const calls: string[] = [];
  const catalog = new Proxy(inner, {
    get(target, prop) {
      const value = Reflect.get(target, prop);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const { credentials } = args[args.length - 1] as {
          credentials: BackstageCredentials;
        };
        const principal = credentials.principal as {
          userEntityRef?: string;
          subject?: string;
        };
        calls.push(
          `${String(prop)} as ${principal.userEntityRef ?? principal.subject}`,
        );
        return value.apply(target, args);
      };
    },
  }) as CatalogService;
  return {
    calls,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
  };
}

/** Resolves once `condition` holds, checked on each turn of the event loop. */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise(resolve => setImmediate(resolve));
}

/*
 * What `GET /entities/:kind/:namespace/:name` costs, in work rather than
 * time: the first read scores the entity once from its stored inputs and
 * keeps the detail; the reads after it score nothing and ask the database
 * one query (the scorecard, its kept detail and the last run's state).
 */
describe.each(databases.eachSupportedId())('reading a scorecard, on %s', id => {
  afterEach(() => jest.restoreAllMocks());

  it('scores once, then serves the kept detail in one query', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

    const score = jest.spyOn(ReadinessEngine.prototype, 'score');
    const queries: string[] = [];
    knex.on('query', (q: { sql: string }) => queries.push(q.sql));

    const first = await api.get(cart).set('Authorization', bob).expect(200);
    expect(score).toHaveBeenCalledTimes(1);
    // The detail is kept after the response: wait for it to be written.
    await until(() => queries.some(q => /^insert into .*details/i.test(q)));
    // The scorecard, the stored inputs (answers, roles, results, cost tables
    // and open exemptions of the entity and its System, at once) and the
    // kept detail.
    expect(queries.length).toBeLessThanOrEqual(7);

    score.mockClear();
    queries.length = 0;
    const again = await api.get(cart).set('Authorization', bob).expect(200);
    expect(again.body).toEqual(first.body);
    expect(again.text).toBe(JSON.stringify(again.body));
    expect(score).not.toHaveBeenCalled();
    expect(queries).toHaveLength(1);
    // The last full run's end is still the time it was confirmed at.
    const { body: probe } = await api.get(`${base}/health/ready`).expect(200);
    expect(again.body.scorecard.computedAt).toBe(probe.lastFullRun.finishedAt);
  });

  it('asks the catalog twice on a first read, once after', async () => {
    const knex = await databases.init(id);
    const catalog = recordingCatalog(smallOrg());
    const { api } = await startBackend({ knex, catalog: catalog.factory });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const recompute = jest.spyOn(ReadinessComputation.prototype, 'recompute');

    catalog.calls.length = 0;
    await api.get(cart).set('Authorization', bob).expect(200);
    // The entity as the caller may see it, then the System and every ref
    // the engine looks up (owner team-a, role holder alice) in one request.
    expect(catalog.calls).toEqual([
      'getEntityByRef as user:default/bob',
      'getEntitiesByRefs as plugin:readiness',
    ]);
    // The detail built is what the full run stored (else it is recomputed).
    expect(recompute).not.toHaveBeenCalled();

    catalog.calls.length = 0;
    await api.get(cart).set('Authorization', bob).expect(200);
    expect(catalog.calls).toEqual(['getEntityByRef as user:default/bob']);
  });

  describe("with the etag the caller read the entity with (the entity page's)", () => {
    /** A backend after a full run, on a recording catalog; `read` sends cart's etag as the catalog has it. */
    async function computed(catalogRead?: CatalogReadPolicy) {
      const entities = smallOrg();
      const catalog = recordingCatalog(entities);
      const { api } = await startBackend({
        knex: await databases.init(id),
        catalog: catalog.factory,
        catalogRead,
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const cartEtag = entities.find(e => e.metadata.name === 'cart')!.metadata
        .etag!;
      const read = (who: string, etag = cartEtag) =>
        api.get(cart).query({ etag }).set('Authorization', who);
      return { api, calls: catalog.calls, read };
    }

    it('serves the kept detail without asking the catalog', async () => {
      const { calls, read } = await computed();
      const recompute = jest.spyOn(ReadinessComputation.prototype, 'recompute');

      calls.length = 0;
      const first = await read(bob).expect(200);
      // The first read builds the detail, which needs the entity's body:
      // read with the System and the refs the engine looks up, in one
      // request, since bob may read every entity and has just read cart.
      expect(calls).toEqual(['getEntitiesByRefs as plugin:readiness']);
      expect(recompute).not.toHaveBeenCalled();
      calls.length = 0;
      const again = await read(bob).expect(200);
      expect(calls).toEqual([]);
      expect(again.body).toEqual(first.body);
      // Sent as kept, unparsed: what res.json of it would send.
      expect(again.text).toBe(JSON.stringify(again.body));
      expect(again.headers['content-type']).toBe(first.headers['content-type']);
    });

    it('reads the entity for the caller when the catalog has another body than the etag given', async () => {
      const entities = smallOrg();
      const catalog = recordingCatalog(entities);
      const { api } = await startBackend({
        knex: await databases.init(id),
        catalog: catalog.factory,
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      const cartEntity = entities.find(e => e.metadata.name === 'cart')!;
      const readEtag = cartEntity.metadata.etag!;
      // Edited in the catalog after the caller's page read it.
      cartEntity.metadata.etag = 'after-an-edit';
      cartEntity.metadata.annotations = {
        ...cartEntity.metadata.annotations,
        'prodready.dev/check.monitoring.metrics': 'not-met',
      };

      catalog.calls.length = 0;
      const { body } = await api
        .get(cart)
        .query({ etag: readEtag })
        .set('Authorization', bob)
        .expect(200);
      expect(catalog.calls[0]).toBe('getEntitiesByRefs as plugin:readiness');
      expect(catalog.calls).toContain('getEntityByRef as user:default/bob');
      // Scored from the body the catalog has now.
      const metrics = body.scorecard.checks.find(
        (c: { checkId: string }) => c.checkId === 'monitoring.metrics',
      );
      expect(metrics).toMatchObject({
        status: 'not-met',
        source: 'annotation',
      });
    });

    it('asks the catalog when the entity changed since its scorecard', async () => {
      const { api, calls, read } = await computed();
      await api.get(cart).set('Authorization', bob).expect(200);

      calls.length = 0;
      await read(bob, 'read-after-an-edit').expect(200);
      expect(calls).toEqual(['getEntityByRef as user:default/bob']);
    });

    it('asks the catalog when its read permission depends on the entity', async () => {
      const { calls, read } = await computed(() => 'conditional');
      await read(bob);

      calls.length = 0;
      await read(bob).expect(200);
      // The entity, and whether bob may read its System (see systemDetail).
      expect([...calls].sort()).toEqual([
        'getEntitiesByRefs as user:default/bob',
        'getEntityByRef as user:default/bob',
      ]);
    });

    it('answers 404 without asking the catalog when it lets the caller read nothing', async () => {
      const { calls, read } = await computed(user =>
        user === 'user:default/bob' ? 'deny' : 'allow',
      );
      await read(carol);

      calls.length = 0;
      const { body } = await read(bob).expect(404);
      expect(body.error.message).toBe(
        'Entity component:default/cart is not in the catalog',
      );
      expect(calls).toEqual([]);
    });

    it("asks for the catalog's read decision while it asks whether the caller may read scorecards", async () => {
      const entities = smallOrg();
      const permissions = permissionsFor(entities);
      const decide = permissions.authorize.getMockImplementation()!;
      const askCatalogRead =
        permissions.authorizeConditional.getMockImplementation()!;
      let catalogReadAsked = () => {};
      const asked = new Promise<void>(resolve => {
        catalogReadAsked = resolve;
      });
      permissions.authorizeConditional.mockImplementation((...args) => {
        catalogReadAsked();
        return askCatalogRead(...args);
      });
      // The scorecard decision answers once the catalog's was asked for,
      // or after a second when it never is.
      let askedMeanwhile = false;
      permissions.authorize.mockImplementation(async (requests, options) => {
        if (requests[0].permission.name === 'readiness.scorecard.read') {
          askedMeanwhile = await Promise.race([
            asked.then(() => true),
            new Promise<boolean>(resolve => setTimeout(resolve, 1000, false)),
          ]);
        }
        return decide(requests, options);
      });
      const { api } = await startBackend({
        knex: await databases.init(id),
        entities,
        permissions,
      });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      await api
        .get(cart)
        .query({ etag: 'some-etag' })
        .set('Authorization', bob)
        .expect(200);
      expect(askedMeanwhile).toBe(true);
    });

    it('refuses an etag too long to be one, naming it', async () => {
      const { api } = await startBackend({ knex: await databases.init(id) });
      const { body } = await api
        .get(cart)
        .query({ etag: 'x'.repeat(201) })
        .set('Authorization', bob)
        .expect(400);
      expect(body.error.message).toMatch(/etag/);
    });
  });

  it("asks the catalog for the first read's lookups while it reads the entity for the caller", async () => {
    const knex = await databases.init(id);
    const inner = catalogServiceMock({ entities: smallOrg() });
    // Armed for the read below: the full run before it reads the catalog too.
    let lookupsAsked = () => {};
    let asked = Promise.resolve();
    let readFirst = false;
    const catalog = createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: (): CatalogService =>
        new Proxy(inner, {
          get(target, prop) {
            const value = Reflect.get(target, prop);
            if (prop === 'getEntitiesByRefs') {
              return (...args: unknown[]) => {
                lookupsAsked();
                return value.apply(target, args);
              };
            }
            if (typeof value !== 'function') return value;
            if (prop !== 'getEntityByRef') return value.bind(target);
            // The caller's read answers only once the lookups were asked
            // for, or after a second: asked after it, they come too late.
            return async (...args: unknown[]) => {
              const timeout = new Promise(r => setTimeout(r, 1000, 'late'));
              readFirst = (await Promise.race([asked, timeout])) === 'late';
              return value.apply(target, args);
            };
          },
        }),
    });
    const { api } = await startBackend({ knex, catalog });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const recompute = jest.spyOn(ReadinessComputation.prototype, 'recompute');

    asked = new Promise<void>(resolve => (lookupsAsked = resolve));
    await api.get(cart).set('Authorization', bob).expect(200);
    expect(readFirst).toBe(false);
    // The lookups asked for ahead were those of the body the catalog gave.
    expect(recompute).not.toHaveBeenCalled();
  });

  it("looks up the holders the System's annotations name, with their sub-teams", async () => {
    const knex = await databases.init(id);
    const entities = annotated(smallOrg(), e => e.kind === 'System', {
      // eng has sub-teams: its members are theirs.
      'prodready.dev/role.architect': 'group:default/eng',
    });
    const catalog = recordingCatalog(entities);
    const { api } = await startBackend({ knex, catalog: catalog.factory });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const recompute = jest.spyOn(ReadinessComputation.prototype, 'recompute');

    catalog.calls.length = 0;
    const { body } = await api.get(cart).set('Authorization', bob).expect(200);
    expect(recompute).not.toHaveBeenCalled();
    const architect = body.scorecard.roles.find(
      (r: { roleId: string }) => r.roleId === 'architect',
    );
    expect(architect).toMatchObject({
      holders: ['group:default/eng'],
      inheritedFrom: 'system:default/shop',
    });
    // The System with the other refs; then eng; then its sub-teams not yet read.
    expect(catalog.calls).toEqual([
      'getEntityByRef as user:default/bob',
      'getEntitiesByRefs as plugin:readiness',
      'getEntitiesByRefs as plugin:readiness',
      'getEntitiesByRefs as plugin:readiness',
    ]);
  });

  it('answers before the detail is written; a read meanwhile waits for it', async () => {
    const knex = await databases.init(id);
    const catalog = recordingCatalog(smallOrg());
    const { api } = await startBackend({ knex, catalog: catalog.factory });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);

    const put = ScorecardTable.prototype.putScorecardDetail;
    let release!: () => void;
    const written = new Promise<void>(resolve => (release = resolve));
    jest
      .spyOn(ScorecardTable.prototype, 'putScorecardDetail')
      .mockImplementation(async function keep(this: any, ...args) {
        await written;
        return put.apply(this, args);
      });
    const score = jest.spyOn(ReadinessEngine.prototype, 'score');

    // Would never answer if the read waited for the write.
    const first = await api.get(cart).set('Authorization', bob).expect(200);
    catalog.calls.length = 0;
    const again = api
      .get(cart)
      .set('Authorization', bob)
      .then(r => r);
    // Released once the second read is under way.
    await until(() => catalog.calls.length > 0);
    release();
    const { body } = await again;
    expect(body).toEqual(first.body);
    expect(score).toHaveBeenCalledTimes(1);
  });
});
