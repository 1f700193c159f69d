import {
  alice,
  base,
  carol,
  ci,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';
import { editableCatalog } from '../__testUtils__/editableCatalog';
import { smallOrg } from '../__testUtils__/entities';

jest.setTimeout(60_000);

const databases = createTestDatabases();
const SHOP = 'system:default/shop';
const shop = `${base}/entities/system/default/shop`;

/*
 * A System hands its parts its answers, roles and cost table, not its pushed
 * results or exemptions: a write of those rescores the System alone (one
 * pipeline pushing a result for a System of thousands of parts must not
 * score them all in its request), a write of the others every part.
 */
describe.each(databases.eachSupportedId())('writes to a System, on %s', id => {
  it('rescore its parts for what they inherit, not for its results or exemptions', async () => {
    const knex = await databases.init(id);
    const { api } = await startBackend({ knex });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const written = async () =>
      new Map<string, string>(
        (
          await knex('readiness_scorecards')
            .where('system_ref', SHOP)
            .orWhere('entity_ref', SHOP)
            .select('entity_ref', 'computed_at')
        ).map(r => [r.entity_ref, r.computed_at]),
      );
    /** The refs whose scorecard `write` wrote again. */
    const rewrittenBy = async (write: () => Promise<unknown>) => {
      const before = await written();
      await new Promise(resolve => setTimeout(resolve, 5));
      await write();
      const after = await written();
      return [...after]
        .filter(([ref, at]) => before.get(ref) !== at)
        .map(([ref]) => ref);
    };
    const parts = [...(await written()).keys()].filter(ref => ref !== SHOP);
    expect(parts.sort()).toEqual([
      'component:default/cart',
      'component:default/checkout',
      'component:default/search',
    ]);
    const { scorecard } = (
      await api.get(shop).set('Authorization', alice).expect(200)
    ).body;
    // Unanswered checks any answer may meet (not role health, not cost).
    const failing = scorecard.checks.filter(
      (c: { checkId: string; status: string; source: string }) =>
        c.status === 'unknown' &&
        c.source === 'none' &&
        /^(recoverability|resiliency|support)\./.test(c.checkId),
    );
    expect(failing.length).toBeGreaterThan(1);
    const partsBefore = await Promise.all(
      parts.map(async ref => {
        const [, name] = ref.split('/');
        return (
          await api
            .get(`${base}/entities/component/default/${name}`)
            .set('Authorization', alice)
            .expect(200)
        ).body.scorecard.checks;
      }),
    );

    expect(
      await rewrittenBy(() =>
        api
          .post(`${base}/results`)
          .set('Authorization', ci)
          .send({
            results: [
              { entityRef: SHOP, checkId: failing[0].checkId, status: 'met' },
            ],
          })
          .expect(202),
      ),
    ).toEqual([SHOP]);
    expect(
      await rewrittenBy(() =>
        api
          .post(`${shop}/exemptions`)
          .set('Authorization', alice)
          .send({
            checkId: failing[1].checkId,
            reasonCode: 'planned-remediation',
            reasonText: 'Booked for next quarter',
            endsOn: new Date(Date.now() + 30 * 86_400_000)
              .toISOString()
              .slice(0, 10),
          })
          .expect(201),
      ),
    ).toEqual([SHOP]);
    // The parts' checks are what they were: nothing of that reached them.
    for (const [i, ref] of parts.entries()) {
      const [, name] = ref.split('/');
      const { checks } = (
        await api
          .get(`${base}/entities/component/default/${name}`)
          .set('Authorization', alice)
          .expect(200)
      ).body.scorecard;
      expect(checks).toEqual(partsBefore[i]);
    }

    const answered = await rewrittenBy(() =>
      api
        .put(`${shop}/answers/${failing[0].checkId}`)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200),
    );
    expect(answered.sort()).toEqual([...parts, SHOP].sort());
  });

  it('score a System alone when a read finds it changed in the catalog, leaving its parts to the freshness pass', async () => {
    const knex = await databases.init(id);
    const entities = smallOrg();
    const world = editableCatalog(entities);
    const { api } = await startBackend({
      knex,
      entities,
      catalog: world.factory,
    });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const computedAt = async () =>
      new Map(
        (
          await knex('readiness_scorecards')
            .where('system_ref', SHOP)
            .select('entity_ref', 'computed_at')
        ).map(r => [r.entity_ref, r.computed_at]),
      );
    const partsBefore = await computedAt();
    expect(partsBefore.size).toBe(3);
    world.edit('System', 'shop', e => {
      e.metadata.annotations = {
        ...e.metadata.annotations,
        'prodready.dev/check.monitoring.alerting': 'met',
      };
    });
    const { scorecard } = (
      await api.get(shop).set('Authorization', alice).expect(200)
    ).body;
    expect(
      scorecard.checks.find(
        (c: { checkId: string }) => c.checkId === 'monitoring.alerting',
      ).status,
    ).toBe('met');
    expect(await computedAt()).toEqual(partsBefore);
  });
});
