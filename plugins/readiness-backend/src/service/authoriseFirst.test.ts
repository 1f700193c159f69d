import {
  alice,
  base,
  bob,
  carol,
  dave,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

/*
 * A request's path and query are input too: a caller the policy lets do
 * nothing with readiness data gets a 403 whatever they say, and only a
 * caller allowed to make the request learns that they are malformed (a 400
 * naming them): alice, whose writes the policy decides per entity (she owns
 * some), or carol, an admin, for what only admins may do.
 */

/** A path whose entity name the catalog's rules refuse. */
const bad = `${base}/entities/component/default/not%20a%20name`;
const badName = /entity reference: name: is not a valid entity name/;
const given = 'component:default/not a name';

type Row = [
  method: string,
  path: string,
  body: object | undefined,
  allowed: string,
  message: RegExp,
  /** What the audit events' meta holds, for a write. */
  audited: object | undefined,
];

const get = (path: string): Row => [
  'GET',
  path,
  undefined,
  alice,
  badName,
  undefined,
];
const entityWrite = (method: string, path: string, body?: object): Row => [
  method,
  path,
  body,
  alice,
  badName,
  { entityRef: given },
];

describe('a path and a query are checked only once the caller is authorised', () => {
  it.each<Row>([
    get(bad),
    get(`${bad}/history`),
    get(`${bad}/campaigns`),
    get(`${bad}/cost`),
    get(`${bad}/exemptions`),
    get(`${base}/rollups/group/default/not%20a%20name`),
    entityWrite('PUT', `${bad}/answers/scalability.load-test`, {
      status: 'met',
      version: 0,
    }),
    entityWrite('DELETE', `${bad}/answers/scalability.load-test`, {
      version: 0,
    }),
    entityWrite('PUT', `${bad}/roles/dba`, { holders: ['alice'] }),
    entityWrite('DELETE', `${bad}/roles/dba`, { version: 0 }),
    entityWrite('PUT', `${bad}/cost`, { version: 0 }),
    entityWrite('DELETE', `${bad}/cost`, { version: 0 }),
    entityWrite('POST', `${bad}/exemptions`, { checkId: 'x' }),
    entityWrite('POST', `${bad}/exemptions/1/approve`, { version: 0 }),
    entityWrite('POST', `${bad}/exemptions/1/reject`, { version: 0 }),
    ...['approve', 'reject'].map(
      (decision): Row => [
        'POST',
        `${base}/entities/component/default/cart/exemptions/not-an-id/${decision}`,
        { version: 1 },
        alice,
        /exemption: id: is not an exemption id/,
        { exemptionId: 'not-an-id' },
      ],
    ),
    // Reviews, results, campaigns and imports are for admins here.
    [
      'POST',
      `${bad}/answers/scalability.load-test/review`,
      { version: 1 },
      carol,
      badName,
      { entityRef: given },
    ],
    [
      'DELETE',
      `${base}/results/component/default/not%20a%20name`,
      undefined,
      carol,
      badName,
      { entityRef: given },
    ],
    [
      'PUT',
      `${base}/campaigns/not%20an%20id`,
      { title: 'x' },
      carol,
      /campaign: id: is not a campaign id/,
      { campaignId: 'not an id' },
    ],
    [
      'DELETE',
      `${base}/campaigns/not%20an%20id`,
      undefined,
      carol,
      /campaign: id: is not a campaign id/,
      { campaignId: 'not an id' },
    ],
    [
      'POST',
      `${base}/import?restore=maybe`,
      { answers: [] },
      carol,
      /query: restore/,
      { restore: false },
    ],
  ])('%s %s', async (method, path, body, allowed, message, audited) => {
    const { api, audit } = await startBackend();
    const send = (who: string) => {
      const call = api[method.toLowerCase() as 'get'](path).set(
        'Authorization',
        who,
      );
      return body ? call.send(body) : call;
    };
    const refused = await send(dave).expect(403);
    expect(refused.body.error.name).toBe('NotAllowedError');

    const malformed = await send(allowed).expect(400);
    expect(malformed.body.error.message).toMatch(message);

    // A write's audit events name what was given, and both fail.
    const failed = expect.objectContaining({
      outcome: 'failure',
      meta: expect.objectContaining(audited ?? {}),
    });
    expect(audit).toEqual(audited ? [failed, failed] : []);
  });
});

describe('an audited write names the entity as checked', () => {
  it('on success and on every refusal after the path is checked', async () => {
    const { api, audit } = await startBackend();
    const cart = `${base}/entities/Component/default/Cart`;
    // Refused on the entity: bob owns nothing of team-a's.
    await api
      .put(`${cart}/answers/scalability.load-test`)
      .set('Authorization', bob)
      .send({ status: 'met', version: 0 })
      .expect(403);
    // Refused by the deciders' rule, once the entity was read.
    await api
      .post(`${cart}/exemptions/00000000-0000-4000-8000-000000000000/approve`)
      .set('Authorization', alice)
      .send({ version: 1 })
      .expect(404);
    await api
      .delete(`${base}/results/Component/default/Cart`)
      .set('Authorization', carol)
      .expect(200);
    await api
      .delete(
        `${base}/results/Component/default/Cart?checkId=monitoring.metrics`,
      )
      .set('Authorization', carol)
      .expect(200);
    expect(
      audit.map(e => [e.eventId, e.outcome, (e.meta as any).entityRef]),
    ).toEqual([
      ['answer-update', 'failure', 'component:default/cart'],
      ['exemption-approve', 'failure', 'component:default/cart'],
      ['results-delete', 'success', 'component:default/cart'],
      ['results-delete', 'success', 'component:default/cart'],
    ]);
    // Which checks' results a delete named, and how many went.
    expect(audit.slice(-2).map(e => e.meta)).toEqual([
      { entityRef: 'component:default/cart', deleted: 0 },
      {
        entityRef: 'component:default/cart',
        checkIds: ['monitoring.metrics'],
        deleted: 0,
      },
    ]);
  });
});
