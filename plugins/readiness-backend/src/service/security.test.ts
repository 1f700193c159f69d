import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError, ResponseError } from '@backstage/errors';
import {
  catalogHiding,
  catalogReadingByRef,
  catalogWith,
} from '../__testUtils__/hidingCatalog';
import { smallOrg } from '../__testUtils__/entities';
import { createTestDatabases } from '../__testUtils__/databases';
import { waitFor } from '../__testUtils__/waitFor';
import {
  alice,
  base,
  bob,
  cart,
  carol,
  ci,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const search = `${base}/entities/component/default/search`;

/** Catalog read decisions by user name (alice, bob, carol); `allow` for anyone else. */
function catalogReads(decisions: Record<string, 'deny' | 'conditional'>) {
  return (user?: string) =>
    decisions[user?.replace('user:default/', '') ?? ''] ?? 'allow';
}

/** The in-memory catalog, whose entity reads throw `failure` while it is set. */
function catalogFailing(entities: Entity[]) {
  const state: { failure?: Error } = {};
  const catalog = catalogWith(entities, inner => ({
    getEntityByRef: async (ref: any, options: any) => {
      if (state.failure) throw state.failure;
      return inner.getEntityByRef(ref, options);
    },
  }));
  return { catalog, state };
}

async function computed(options: Parameters<typeof startBackend>[0] = {}) {
  const backend = await startBackend(options);
  await backend.api
    .post(`${base}/compute`)
    .set('Authorization', carol)
    .expect(202);
  return backend;
}

describe('request bodies are read only once the caller is authorised', () => {
  it('refuses a non-admin import before reading it, and bounds the error of a bad one', async () => {
    const { api } = await computed();
    // Not even JSON: a refusal, not a parse error, and a short one.
    const refused = await api
      .post(`${base}/import`)
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .send(`{"answers": [${'{"x":1},'.repeat(100_000)}`)
      .expect(403);
    expect(JSON.stringify(refused.body).length).toBeLessThan(2_000);

    const bad = {
      format: 'readiness-export',
      version: 1,
      exportedAt: '2026-01-01T00:00:00Z',
      answers: Array.from({ length: 5_000 }, () => ({ checkId: 7 })),
      roles: [],
    };
    const res = await api
      .post(`${base}/import`)
      .set('Authorization', carol)
      .send(bad)
      .expect(400);
    expect(res.body.error.message).toMatch(/^Invalid import: answers\.0\./);
    expect(res.body.error.message).toMatch(/; and \d+ more$/);
    expect(JSON.stringify(res.body).length).toBeLessThan(10_000);
  });

  it('refuses a non-owner write before reading its body', async () => {
    const { api } = await computed();
    await api
      .put(`${cart}/answers/scalability.sizing`)
      .set('Authorization', bob)
      .set('Content-Type', 'application/json')
      .send('{not json')
      .expect(403);
    await api
      .put(`${cart}/answers/scalability.sizing`)
      .set('Authorization', alice)
      .set('Content-Type', 'application/json')
      .send('{not json')
      .expect(400);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { api } = await computed();
    const res = await api
      .get(`${base}/no/such/route`)
      .set('Authorization', alice)
      .expect(404);
    expect(res.body.error).toMatchObject({ name: 'NotFoundError' });
  });
});

describe.each(databases.eachSupportedId())('on %p', databaseId => {
  const start = async (options: Parameters<typeof startBackend>[0] = {}) =>
    computed({ ...options, knex: await databases.init(databaseId) });

  it.each(['note', 'notApplicableText', 'evidenceUrl'])(
    'rejects control characters in %s with a 400 naming the field',
    async field => {
      const { api } = await start();
      const answer: Record<string, unknown> = {
        status: field === 'notApplicableText' ? 'not-applicable' : 'met',
        version: 0,
        ...(field === 'notApplicableText'
          ? { notApplicableReason: 'other' }
          : {}),
        [field]:
          field === 'evidenceUrl'
            ? 'https://example.com/a\u0000b'
            : 'before\u0000after',
      };
      const res = await api
        .put(`${cart}/answers/recoverability.backups`)
        .set('Authorization', alice)
        .send(answer)
        .expect(400);
      expect(res.body.error.message).toContain(`${field}:`);
      const card = await api.get(cart).set('Authorization', alice);
      expect(
        card.body.scorecard.checks.find(
          (c: any) => c.checkId === 'recoverability.backups',
        ).source,
      ).not.toBe('portal');
    },
  );

  it('rejects control characters in pushed results', async () => {
    const { api } = await start();
    const res = await api
      .post(`${base}/results`)
      .set('Authorization', ci)
      .send({
        results: [
          {
            entityRef: 'component:default/search',
            checkId: 'recoverability.restore-test',
            status: 'met',
            note: 'a\u0000b',
          },
        ],
      })
      .expect(400);
    expect(res.body.error.message).toContain('results.0.note');
  });

  it('does not let anyone sign off their own answer', async () => {
    const { api } = await start();
    await api
      .put(`${cart}/answers/security.pen-test`)
      .set('Authorization', carol)
      .send({ status: 'met', version: 0 })
      .expect(200);
    const res = await api
      .post(`${cart}/answers/security.pen-test/review`)
      .set('Authorization', carol)
      .send({ version: 1 })
      .expect(403);
    expect(res.body.error.message).toMatch(/someone else must review/);
    const card = await api.get(cart).set('Authorization', alice);
    expect(
      card.body.scorecard.checks.find(
        (c: any) => c.checkId === 'security.pen-test',
      ).review,
    ).toBeUndefined();
  });

  it('stores a batch of results all or nothing', async () => {
    const { api } = await start();
    await api
      .post(`${base}/results`)
      .set('Authorization', ci)
      .send({
        results: [
          {
            entityRef: 'component:default/search',
            checkId: 'recoverability.restore-test',
            status: 'met',
          },
          // A check scored from role health cannot be pushed: the whole batch fails.
          {
            entityRef: 'component:default/cart',
            checkId: 'organisation.roles-assigned',
            status: 'met',
          },
        ],
      })
      .expect(400);
    const statusOf = async () =>
      (
        await api.get(search).set('Authorization', bob)
      ).body.scorecard.checks.find(
        (c: any) => c.checkId === 'recoverability.restore-test',
      );
    expect((await statusOf()).source).not.toBe('automatic');

    await api
      .post(`${base}/results`)
      .set('Authorization', ci)
      .send({
        results: [
          {
            entityRef: 'component:default/search',
            checkId: 'recoverability.restore-test',
            status: 'met',
          },
          {
            entityRef: 'component:default/cart',
            checkId: 'recoverability.restore-test',
            status: 'not-met',
          },
        ],
      })
      .expect(202);
    expect(await statusOf()).toMatchObject({
      source: 'automatic',
      status: 'met',
    });

    const deleted = await api
      .delete(`${base}/results/component/default/search`)
      .query({ checkId: 'recoverability.restore-test' })
      .set('Authorization', ci)
      .expect(200);
    expect(deleted.body).toEqual({ deleted: 1 });
    expect((await statusOf()).source).not.toBe('automatic');
    // The other entity's result stays.
    const cartCheck = (
      await api.get(cart).set('Authorization', alice)
    ).body.scorecard.checks.find(
      (c: any) => c.checkId === 'recoverability.restore-test',
    );
    expect(cartCheck).toMatchObject({ source: 'automatic', status: 'not-met' });
  });

  it('keeps who answered and reviewed only when an admin restores a backup', async () => {
    const { api, audit } = await start();
    await api
      .put(`${cart}/answers/security.pen-test`)
      .set('Authorization', alice)
      .send({ status: 'met', version: 0 })
      .expect(200);
    await api
      .post(`${cart}/answers/security.pen-test/review`)
      .set('Authorization', carol)
      .send({ version: 1 })
      .expect(200);
    const exported = (
      await api.get(`${base}/export`).set('Authorization', carol)
    ).body;
    const forged = {
      ...exported,
      answers: exported.answers.map((a: any) => ({
        ...a,
        answeredBy: 'user:default/ceo',
        review: {
          reviewedBy: 'user:default/auditor',
          reviewedAt: a.answeredAt,
        },
      })),
    };
    await api
      .post(`${base}/import`)
      .set('Authorization', carol)
      .send(forged)
      .expect(200);
    let answer = (await api.get(`${base}/export`).set('Authorization', carol))
      .body.answers[0];
    expect(answer.answeredBy).toBe('user:default/carol');
    expect(answer.review).toBeUndefined();

    await api
      .post(`${base}/import?restore=true`)
      .set('Authorization', carol)
      .send(forged)
      .expect(200);
    answer = (await api.get(`${base}/export`).set('Authorization', carol)).body
      .answers[0];
    expect(answer.answeredBy).toBe('user:default/ceo');
    expect(answer.review.reviewedBy).toBe('user:default/auditor');
    expect(
      audit
        .filter(e => e.eventId.startsWith('import'))
        .map(e => [e.eventId, e.severityLevel, e.outcome]),
    ).toEqual([
      // Either replaces every answer and role of the organisation.
      ['import', 'high', 'success'],
      ['import-restore', 'high', 'success'],
    ]);
    // Reading every answer's note and evidence out is audited too, with
    // what it held; a caller refused is recorded as a failure.
    await api.get(`${base}/export`).set('Authorization', bob).expect(403);
    await waitFor(
      () =>
        audit.filter(e => e.eventId === 'export' && e.outcome !== undefined)
          .length === 4,
    );
    expect(
      audit.filter(e => e.eventId === 'export').map(e => [e.outcome, e.meta]),
    ).toEqual([
      // The backup above, then the two reads after the imports.
      ...Array.from({ length: 3 }, () => [
        'success',
        { answers: 1, roles: 0, costTables: 0, exemptions: 0, campaigns: 0 },
      ]),
      ['failure', {}],
    ]);
  });
});

describe('pushing results is limited to the configured services and checks', () => {
  const pipeline = (subject: string) =>
    mockCredentials.service.header({
      onBehalfOf: mockCredentials.service(subject),
      targetPluginId: 'readiness',
    });
  const push = (checkId: string) => ({
    results: [
      { entityRef: 'component:default/search', checkId, status: 'met' },
    ],
  });

  it('names a bounded number of the checks it refuses', async () => {
    const { api } = await computed({
      config: {
        readiness: {
          results: {
            publishers: [
              { subject: 'backup-job', checks: ['recoverability.*'] },
            ],
          },
        },
      },
    });
    const checkIds = Array.from(
      { length: 1000 },
      (_, i) => `security.${String(i).padStart(4, '0')}-${'x'.repeat(50)}`,
    );
    const refused = await api
      .post(`${base}/results`)
      .set('Authorization', pipeline('backup-job'))
      .send({
        results: checkIds.map(checkId => ({
          entityRef: 'component:default/search',
          checkId,
          status: 'met',
        })),
      })
      .expect(403);
    const message: string = refused.body.error.message;
    expect(message).toContain(checkIds[0]);
    expect(message).toMatch(/and 980 more/);
    expect(message.length).toBeLessThan(2000);
  });

  it('refuses other services and other checks', async () => {
    const { api } = await computed({
      config: {
        readiness: {
          results: {
            publishers: [
              { subject: 'backup-job', checks: ['recoverability.*'] },
              { subject: 'ci' },
            ],
          },
        },
      },
    });
    await api
      .post(`${base}/results`)
      .set('Authorization', pipeline('backup-job'))
      .send(push('recoverability.restore-test'))
      .expect(202);
    const other = await api
      .post(`${base}/results`)
      .set('Authorization', pipeline('backup-job'))
      .send(push('security.pen-test'))
      .expect(403);
    expect(other.body.error.message).toMatch(/security\.pen-test/);
    await api
      .post(`${base}/results`)
      .set('Authorization', pipeline('someone-else'))
      .send(push('recoverability.restore-test'))
      .expect(403);
    await api
      .post(`${base}/results`)
      .set('Authorization', ci)
      .send(push('security.pen-test'))
      .expect(202);
    // A limited service must name the checks whose results it deletes.
    await api
      .delete(`${base}/results/component/default/search`)
      .set('Authorization', pipeline('backup-job'))
      .expect(403);
  });

  it("scopes a category's pattern to the checks the model puts in it, not to their ids", async () => {
    const { api } = await computed({
      config: {
        readiness: {
          checks: {
            overrides: {
              'security.pen-test': { category: 'recoverability' },
              'recoverability.backups': { category: 'security' },
            },
            disabled: ['recoverability.dr-test'],
          },
          results: {
            publishers: [
              { subject: 'backup-job', checks: ['recoverability.*'] },
            ],
          },
        },
      },
    });
    const asBackupJob = (checkId: string) =>
      api
        .post(`${base}/results`)
        .set('Authorization', pipeline('backup-job'))
        .send(push(checkId));
    await asBackupJob('security.pen-test').expect(202);
    await asBackupJob('recoverability.restore-test').expect(202);
    const moved = await asBackupJob('recoverability.backups').expect(403);
    expect(moved.body.error.message).toMatch(/recoverability\.backups/);
    // A check the model no longer has falls to the category its id names:
    // its stored results can be deleted, and a push is a 400 that names it.
    await api
      .delete(
        `${base}/results/component/default/search?checkId=recoverability.dr-test`,
      )
      .set('Authorization', pipeline('backup-job'))
      .expect(200);
    const typo = await asBackupJob('recoverability.typo').expect(400);
    expect(typo.body.error.message).toMatch(
      /unknown checks recoverability\.typo/,
    );
  });

  it('refuses a service that is no publisher before it reads what it sent', async () => {
    const { api } = await computed({
      config: {
        readiness: { results: { publishers: [{ subject: 'ci' }] } },
      },
    });
    const outsider = pipeline('someone-else');
    const pushed = await api
      .post(`${base}/results`)
      .set('Authorization', outsider)
      .send({ results: [{ checkId: 42 }] })
      .expect(403);
    expect(pushed.body.error.message).toMatch(/not configured to push/);
    const deleted = await api
      .delete(`${base}/results/component/default/not%20a%20name?checkId=`)
      .set('Authorization', outsider)
      .expect(403);
    expect(deleted.body.error.message).toMatch(/not configured to push/);
  });

  it('fails at startup when the configuration names an unknown check', async () => {
    await expect(
      startBackend({
        config: {
          readiness: {
            results: { publishers: [{ subject: 'x', checks: ['nope.*'] }] },
          },
        },
      }),
    ).rejects.toThrow(/readiness\.results\.publishers\[0\]\.checks/);
  });
});

describe('per-entity data follows the catalog read permission', () => {
  const hidden = 'component:default/cart';

  it('lets a user delete pushed results only of an entity they may read in the catalog', async () => {
    const entities = smallOrg();
    const { api } = await computed({
      entities,
      // Carol may delete results, but the catalog hides the cart from her.
      catalog: catalogHiding(entities, hidden, 'user:default/carol'),
      catalogRead: catalogReads({ carol: 'conditional' }),
    });
    const pushed = (entityRef: string) => ({
      entityRef,
      checkId: 'recoverability.restore-test',
      status: 'met',
    });
    await api
      .post(`${base}/results`)
      .set('Authorization', ci)
      .send({
        results: [pushed(hidden), pushed('component:default/checkout')],
      })
      .expect(202);
    const refused = await api
      .delete(`${base}/results/component/default/cart`)
      .set('Authorization', carol)
      .expect(404);
    // As for an entity not in the catalog: nothing tells it exists.
    expect(refused.body.error.message).toBe(
      'Entity component:default/cart is not in the catalog',
    );
    const source = async () =>
      (
        await api.get(cart).set('Authorization', alice)
      ).body.scorecard.checks.find(
        (c: any) => c.checkId === 'recoverability.restore-test',
      ).source;
    expect(await source()).toBe('automatic');
    await api
      .delete(`${base}/results/component/default/checkout`)
      .set('Authorization', carol)
      .expect(200, { deleted: 1 });
  });

  it('leaves out what the caller may not read, keeping aggregates', async () => {
    const entities = smallOrg();
    const { api } = await computed({
      entities,
      catalog: catalogHiding(entities, hidden),
      // The catalog decides bob's reads per entity, as a policy hiding one would.
      catalogRead: user =>
        user === 'user:default/bob' ? 'conditional' : 'allow',
    });
    const refsOf = (items: { entityRef: string }[]) =>
      items.map(i => i.entityRef);

    const aliceList = await api
      .get(`${base}/scorecards`)
      .set('Authorization', alice);
    expect(refsOf(aliceList.body.items)).toContain(hidden);
    const bobList = await api
      .get(`${base}/scorecards`)
      .set('Authorization', bob);
    expect(refsOf(bobList.body.items)).not.toContain(hidden);
    expect(bobList.body.items.length).toBe(aliceList.body.items.length - 1);

    const team = `${base}/rollups/group/default/team-a`;
    const aliceTeam = await api.get(team).set('Authorization', alice);
    const bobTeam = await api.get(team).set('Authorization', bob).expect(200);
    expect(refsOf(aliceTeam.body.entities)).toContain(hidden);
    expect(refsOf(bobTeam.body.entities)).not.toContain(hidden);
    expect(bobTeam.body.rollup).toEqual(aliceTeam.body.rollup);

    await api.get(`${cart}/history`).set('Authorization', alice).expect(200);
    await api.get(`${cart}/history`).set('Authorization', bob).expect(404);

    const failing = `${base}/scorecards/failing-checks`;
    const aliceFailing = await api.get(failing).set('Authorization', alice);
    expect(refsOf(aliceFailing.body.items)).toContain(hidden);
    const bobFailing = await api.get(failing).set('Authorization', bob);
    expect(refsOf(bobFailing.body.items)).not.toContain(hidden);
    expect(bobFailing.body.items.length).toBe(
      aliceFailing.body.items.length - 1,
    );

    const csv = await api.get(`${base}/export.csv`).set('Authorization', bob);
    expect(csv.text).not.toContain(hidden);
    expect(
      (await api.get(`${base}/export.csv`).set('Authorization', alice)).text,
    ).toContain(hidden);
  });

  it('counts only the matches the caller may read, so a search does not tell a hidden entity exists', async () => {
    const entities = smallOrg();
    const { api } = await computed({
      entities,
      catalog: catalogHiding(entities, hidden),
      catalogRead: catalogReads({ bob: 'conditional', carol: 'deny' }),
    });
    const list = async (who: string, query = '') =>
      (
        await api
          .get(`${base}/scorecards${query}`)
          .set('Authorization', who)
          .expect(200)
      ).body;
    expect(await list(alice, '?q=cart')).toMatchObject({ totalCount: 1 });
    expect(await list(bob, '?q=cart')).toEqual({ items: [], totalCount: 0 });
    expect(
      await list(
        bob,
        '?q=cart&lifecycle=production&owner=group:default/team-a',
      ),
    ).toEqual({ items: [], totalCount: 0 });
    const everything = await list(alice);
    const readable = await list(bob);
    expect(readable.totalCount).toBe(everything.totalCount - 1);
    expect(readable.items).toHaveLength(readable.totalCount);
    expect(await list(carol, '?q=cart')).toEqual({ items: [], totalCount: 0 });
  });

  it('pages through what the caller may read: every readable entity once, pages full, in order', async () => {
    const entities = smallOrg();
    const { api } = await computed({
      entities,
      catalog: catalogHiding(entities, hidden),
      catalogRead: catalogReads({ bob: 'conditional' }),
    });
    const page = async (who: string, offset: number) =>
      (
        await api
          .get(`${base}/scorecards?sort=entityRef&limit=1&offset=${offset}`)
          .set('Authorization', who)
          .expect(200)
      ).body;
    const everything = (
      await api
        .get(`${base}/scorecards?sort=entityRef&limit=100`)
        .set('Authorization', alice)
        .expect(200)
    ).body.items.map((i: { entityRef: string }) => i.entityRef);
    const paged: string[] = [];
    const { totalCount } = await page(bob, 0);
    for (let offset = 0; offset < totalCount; offset++) {
      const { items } = await page(bob, offset);
      expect(items).toHaveLength(1);
      paged.push(items[0].entityRef);
    }
    expect(paged).toEqual(everything.filter((ref: string) => ref !== hidden));
  });

  it('passes over what the caller may not read in few catalog requests, however small the page', async () => {
    const entities = smallOrg();
    const { catalog, lookups } = catalogReadingByRef(entities, () => null);
    const { api } = await computed({
      entities,
      catalog,
      catalogRead: catalogReads({ bob: 'conditional' }),
    });
    const stored = (
      await api
        .get(`${base}/scorecards/failing-checks`)
        .set('Authorization', alice)
        .expect(200)
    ).body.items.length;
    expect(stored).toBeGreaterThan(2);
    const res = await api
      .get(`${base}/scorecards/failing-checks?limit=1`)
      .set('Authorization', bob)
      .expect(200);
    expect(res.body).toEqual({ items: [] });
    // One request to the catalog for every stored scorecard up to 1,000.
    expect(lookups.calls).toBe(1);
  });

  it('pages through failing checks without naming an entity the caller may not read', async () => {
    const entities = smallOrg();
    const { api } = await computed({
      entities,
      catalog: catalogHiding(entities, hidden),
      catalogRead: catalogReads({ bob: 'conditional', carol: 'deny' }),
    });
    /** Every page of one entity, walked with the cursors the route gives. */
    const walk = async (who: string) => {
      const pages: { items: { entityRef: string }[]; next?: string }[] = [];
      let after = '';
      do {
        const res = await api
          .get(`${base}/scorecards/failing-checks?limit=1&after=${after}`)
          .set('Authorization', who)
          .expect(200);
        pages.push(res.body);
        after = res.body.next ?? '';
      } while (after && pages.length < 100);
      return pages;
    };
    const alicePages = await walk(alice);
    const aliceRefs = alicePages.flatMap(p => p.items.map(i => i.entityRef));
    expect(aliceRefs).toContain(hidden);
    const bobPages = await walk(bob);
    // Nothing of the hidden entity, not even a cursor; everything else, once.
    expect(JSON.stringify(bobPages)).not.toContain(hidden);
    expect(bobPages.flatMap(p => p.items.map(i => i.entityRef))).toEqual(
      aliceRefs.filter(ref => ref !== hidden),
    );
    // A caller who may read nothing gets nothing to page through.
    expect(await walk(carol)).toEqual([{ items: [] }]);
  });

  it('asks the catalog to filter lists only when its decision depends on the entity', async () => {
    const entities = smallOrg();
    const asked: string[] = [];
    const catalog = catalogWith(entities, inner => ({
      getEntitiesByRefs: async (req: any, options: any) => {
        asked.push(options.credentials.principal.userEntityRef ?? 'service');
        return inner.getEntitiesByRefs(req, options);
      },
    }));
    const { api } = await computed({
      entities,
      catalog,
      catalogRead: catalogReads({ bob: 'deny', carol: 'conditional' }),
    });
    const list = (who: string) =>
      api.get(`${base}/scorecards`).set('Authorization', who).expect(200);

    asked.length = 0;
    const everything = await list(alice);
    expect(everything.body.items.length).toBeGreaterThan(0);
    const nothing = await list(bob);
    expect(nothing.body.items).toEqual([]);
    expect(asked).toEqual([]);
    // carol's reads depend on the entity: only the catalog can filter them.
    const filtered = await list(carol);
    expect(filtered.body.items).toEqual(everything.body.items);
    expect(asked).toEqual(['user:default/carol']);
  });

  it('serves a stored scorecard only when the catalog is unreachable, not when it refuses', async () => {
    const entities = smallOrg();
    const { catalog, state } = catalogFailing(entities);
    const { api } = await computed({ entities, catalog });
    await api.get(cart).set('Authorization', bob).expect(200);

    state.failure = new NotAllowedError('no');
    await api.get(cart).set('Authorization', bob).expect(403);

    state.failure = new Error('connect ECONNREFUSED');
    const stale = await api.get(cart).set('Authorization', bob).expect(200);
    expect(stale.body.stale).toBe(true);
  });

  it('serves a stored scorecard without the catalog only to callers who may read every entity', async () => {
    const entities = smallOrg();
    const { catalog, state } = catalogFailing(entities);
    const { api } = await computed({
      entities,
      catalog,
      catalogRead: catalogReads({ bob: 'deny', carol: 'conditional' }),
    });
    await api.get(cart).set('Authorization', alice).expect(200);
    await api.get(cart).set('Authorization', carol).expect(200);

    state.failure = new Error('connect ECONNREFUSED');
    const stale = await api.get(cart).set('Authorization', alice).expect(200);
    expect(stale.body.stale).toBe(true);
    // carol reads what the catalog allows her entity by entity: unknown now.
    const unknown = await api.get(cart).set('Authorization', carol);
    expect(unknown.status).toBe(503);
    expect(JSON.stringify(unknown.body)).not.toContain('scorecard');
    await api.get(cart).set('Authorization', bob).expect(404);

    // The catalog answering over HTTP that the caller may not is a refusal.
    state.failure = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({ error: { name: 'NotAllowedError', message: 'no' } }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'Content-Type': 'application/json' },
        },
      ) as any,
    );
    await api.get(cart).set('Authorization', alice).expect(403);
  });
});

describe('hierarchy problems', () => {
  it('are listed for admins', async () => {
    const entities = smallOrg().map(e =>
      e.metadata.name === 'acme'
        ? {
            ...e,
            relations: [
              ...(e.relations ?? []),
              { type: 'childOf', targetRef: 'group:default/ghost' },
            ],
            spec: { ...e.spec, parent: 'ghost' },
          }
        : e,
    );
    const { api } = await computed({ entities });
    await api
      .get(`${base}/hierarchy-problems`)
      .set('Authorization', alice)
      .expect(403);
    const res = await api
      .get(`${base}/hierarchy-problems`)
      .set('Authorization', carol)
      .expect(200);
    expect(res.body.problems.join('\n')).toMatch(/group:default\/ghost/);
    expect(res.body.computedAt).toEqual(expect.any(String));
  });

  // A catalog with thousands of dangling group references: each read of
  // the last run's state, and each run's log, stayed that long.
  it('keep the first hundred and count the rest', async () => {
    const strays: Entity[] = Array.from({ length: 130 }, (_, i) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name: `stray-${i}`, namespace: 'default' },
      spec: { type: 'team', parent: `ghost-${i}`, children: [] },
      relations: [{ type: 'childOf', targetRef: `group:default/ghost-${i}` }],
    }));
    // And a cycle, which the hierarchy finds after every dangling link.
    const cycle: Entity[] = [
      ['loop-a', 'loop-b'],
      ['loop-b', 'loop-a'],
    ].map(([name, parent]) => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: { name, namespace: 'default' },
      spec: { type: 'team', parent, children: [parent] },
      relations: [
        { type: 'childOf', targetRef: `group:default/${parent}` },
        { type: 'parentOf', targetRef: `group:default/${parent}` },
      ],
    }));
    const { api } = await computed({
      entities: [...smallOrg(), ...strays, ...cycle],
    });
    const res = await api
      .get(`${base}/hierarchy-problems`)
      .set('Authorization', carol)
      .expect(200);
    expect(res.body.problemsTotal).toBeGreaterThan(130);
    expect(res.body.problems).toHaveLength(100);
    expect(res.body.problems.join('\n')).toMatch(/ghost-/);
    // The cycle, which cuts a link the rollups would follow, is listed.
    expect(res.body.problems.join('\n')).toMatch(/loop-a/);
  });
});
