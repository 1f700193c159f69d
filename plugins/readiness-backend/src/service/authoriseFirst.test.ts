import {
  alice,
  base,
  carol,
  dave,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(60_000);

/*
 * A request's path is input too: a caller the policy lets do nothing with
 * readiness data gets a 403 whatever the path names, and only an allowed
 * caller learns that the path is malformed (a 400 naming it): alice, whose
 * writes the policy decides per entity (she owns some), or an admin.
 */

/** A path whose entity name the catalog's rules refuse. */
const bad = `${base}/entities/component/default/not%20a%20name`;

describe('a path is checked only once the caller is authorised', () => {
  it.each([
    ['GET', bad, undefined],
    ['GET', `${bad}/history`, undefined],
    ['GET', `${bad}/campaigns`, undefined],
    ['GET', `${bad}/cost`, undefined],
    ['GET', `${bad}/exemptions`, undefined],
    ['GET', `${base}/rollups/group/default/not%20a%20name`, undefined],
    [
      'PUT',
      `${bad}/answers/scalability.load-test`,
      { status: 'met', version: 0 },
    ],
    ['DELETE', `${bad}/answers/scalability.load-test`, { version: 0 }],
    ['PUT', `${bad}/roles/dba`, { holders: ['user:default/alice'] }],
    ['PUT', `${bad}/cost`, { version: 0 }],
    ['POST', `${bad}/exemptions`, { checkId: 'scalability.load-test' }],
    ['POST', `${bad}/exemptions/1/approve`, { version: 0 }],
    // Deleting results is for admins (and publishers), not owners.
    [
      'DELETE',
      `${base}/results/component/default/not%20a%20name`,
      undefined,
      carol,
    ],
  ])('%s %s', async (method, path, body, allowed = alice) => {
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
    expect(malformed.body.error.message).toMatch(
      /entity reference: name: is not a valid entity name/,
    );
    // A write's audit events name the path as given, and both fail.
    const given = 'component:default/not a name';
    expect(audit.map(e => [e.outcome, (e.meta as any)?.entityRef])).toEqual(
      method === 'GET'
        ? []
        : [
            ['failure', given],
            ['failure', given],
          ],
    );
  });
});
