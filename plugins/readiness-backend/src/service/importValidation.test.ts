import {
  alice,
  base,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(30_000);

/*
 * A backup is edited by hand or merged from two exports more often than one
 * would like. What the tables cannot hold (two rows for one entity and
 * check, role or cost table; a version beyond a 32-bit integer, which
 * SQLite stores and PostgreSQL refuses) is a 400 that names the record,
 * and what was stored stays as it was.
 */
describe('POST /import refuses what the tables cannot hold', () => {
  let api: Awaited<ReturnType<typeof startBackend>>['api'];
  let exported: any;

  const exportedNow = async () =>
    (await api.get(`${base}/export`).set('Authorization', carol).expect(200))
      .body;

  beforeEach(async () => {
    ({ api } = await startBackend());
    await api
      .put(`${cart}/answers/scalability.sizing`)
      .set('Authorization', alice)
      .send({ status: 'met', version: 0 })
      .expect(200);
    await api
      .put(`${cart}/roles/cto`)
      .set('Authorization', alice)
      .send({ holders: ['user:default/alice'], version: 0 })
      .expect(200);
    await api
      .put(`${cart}/cost`)
      .set('Authorization', alice)
      .send({
        currency: 'EUR',
        date: '2026-11-01',
        tiers: [{ users: 100, monthlyCost: 50 }],
        version: 0,
      })
      .expect(200);
    exported = await exportedNow();
  });

  it('starts from a backup with one answer, one role and one cost table', () => {
    expect(exported.answers).toHaveLength(1);
    expect(exported.roles).toHaveLength(1);
    expect(exported.costTables).toHaveLength(1);
  });

  const importing = async (backup: object) =>
    api
      .post(`${base}/import?restore=true`)
      .set('Authorization', carol)
      .send(backup);

  it.each<[string, () => object, RegExp]>([
    [
      'an answer twice',
      () => ({ answers: [exported.answers[0], exported.answers[0]] }),
      /answers\.1: repeats answers\.0 \(component:default\/cart, scalability\.sizing\)/,
    ],
    [
      'an answer twice, its entity spelled two ways',
      () => ({
        answers: [
          exported.answers[0],
          { ...exported.answers[0], entityRef: 'Component:default/Cart' },
        ],
      }),
      /answers\.1: repeats answers\.0 \(component:default\/cart, scalability\.sizing\)/,
    ],
    [
      'a role twice, with other holders',
      () => ({
        roles: [
          exported.roles[0],
          { ...exported.roles[0], holders: ['user:default/bob'] },
        ],
      }),
      /roles\.1: repeats roles\.0 \(component:default\/cart, cto\)/,
    ],
    [
      "an entity's cost table twice",
      () => ({ costTables: [exported.costTables[0], exported.costTables[0]] }),
      /costTables\.1: repeats costTables\.0 \(component:default\/cart\)/,
    ],
    ...['2026-01-01T00:00:00', 'June 1, 2026', '1', '2027-02-30T00:00:00Z'].map(
      (answeredAt): [string, () => object, RegExp] => [
        `an answer given at '${answeredAt}' (no time zone, or not ISO, or no such day)`,
        () => ({ answers: [{ ...exported.answers[0], answeredAt }] }),
        /answers\.0\.answeredAt: must be an ISO timestamp with a time zone/,
      ],
    ),
    [
      'a version beyond a 32-bit integer',
      () => ({ answers: [{ ...exported.answers[0], version: 3_000_000_000 }] }),
      /answers\.0\.version/,
    ],
  ])('%s: 400 naming it, nothing stored changes', async (_, edit, message) => {
    const res = await importing({ ...exported, ...edit() });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
    expect({ ...(await exportedNow()), exportedAt: undefined }).toEqual({
      ...exported,
      exportedAt: undefined,
    });
  });

  it('stores a timestamp with an offset as the UTC instant it names', async () => {
    const answer = {
      ...exported.answers[0],
      answeredAt: '2026-11-01T02:30:00+02:00',
    };
    await importing({ ...exported, answers: [answer] }).then(res =>
      expect(res.status).toBe(200),
    );
    expect((await exportedNow()).answers[0].answeredAt).toBe(
      '2026-11-01T00:30:00.000Z',
    );
  });

  it('still takes the backup as exported', async () => {
    await importing(exported).then(res => expect(res.status).toBe(200));
    expect({ ...(await exportedNow()), exportedAt: undefined }).toEqual({
      ...exported,
      exportedAt: undefined,
    });
  });
});
