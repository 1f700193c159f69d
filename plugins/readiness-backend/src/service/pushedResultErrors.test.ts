import { Entity } from '@backstage/catalog-model';
import { smallOrg, withRelations } from '../__testUtils__/entities';
import { base, carol, ci, startBackend } from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

/** A Resource of the shop: the checks of workloads do not apply to it. */
const database: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'orders-db', namespace: 'default' },
  spec: { type: 'database', owner: 'team-a', system: 'shop' },
};

const good = {
  entityRef: 'component:default/search',
  checkId: 'recoverability.restore-test',
  status: 'met',
};
/** Scored from role health: never pushed. */
const roleHealth = {
  entityRef: 'component:default/cart',
  checkId: 'organisation.roles-assigned',
  status: 'met',
};
/** A check of workloads, for a Resource. */
const wrongKind = {
  entityRef: 'resource:default/orders-db',
  checkId: 'scalability.sizing',
  status: 'met',
};

describe('POST /results names the results whose check cannot be answered', () => {
  async function start() {
    const { api } = await startBackend({
      entities: withRelations([...smallOrg(), database]),
    });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    const push = (results: object[]) =>
      api.post(`${base}/results`).set('Authorization', ci).send({ results });
    return push;
  }

  it('by index and entity, as the other invalid results are named', async () => {
    const push = await start();
    const res = await push([good, roleHealth, wrongKind]).expect(400);
    expect(res.body.error.message).toBe(
      'Invalid results: ' +
        "results.1.checkId: Check 'organisation.roles-assigned' is scored from role health and cannot be answered; assign roles instead (component:default/cart); " +
        "results.2.checkId: Check 'scalability.sizing' does not apply to resource entities (resource:default/orders-db)",
    );
    // The batch is written all or nothing: the good result is not either.
    await push([good, wrongKind]).expect(400);
    await push([good]).expect(202);
  });

  it('naming at most 20 and counting the rest', async () => {
    const push = await start();
    const res = await push([
      good,
      ...Array.from({ length: 25 }, () => wrongKind),
    ]).expect(400);
    const message: string = res.body.error.message;
    expect(message).toMatch(/^Invalid results: results\.1\.checkId: /);
    expect(message).toContain('results.20.checkId: ');
    expect(message).not.toContain('results.21.checkId');
    expect(message).toMatch(/; and 5 more$/);
  });
});
