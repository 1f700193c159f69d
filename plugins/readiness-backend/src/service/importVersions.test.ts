import {
  alice,
  base,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';
import { createTestDatabases } from '../__testUtils__/databases';

jest.setTimeout(90_000);

const databases = createTestDatabases();
const CHECK = 'scalability.sizing';
const answer = `${cart}/answers/${CHECK}`;
const role = `${cart}/roles/test-manager`;

/*
 * A version tells an editor that what they saw is what is stored. The
 * numbers of a backup can name other content than what is stored under the
 * same key: another portal's, or a record deleted and made again since. An
 * import stores such a record past the stored version, so an editor who saw
 * the stored one gets a conflict instead of overwriting what they never saw.
 */
describe.each(databases.eachSupportedId())(
  'the versions an import stores, on %s',
  id => {
    async function setup() {
      const { api } = await startBackend({ knex: await databases.init(id) });
      await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
      await api
        .put(answer)
        .set('Authorization', alice)
        .send({ status: 'met', version: 0 })
        .expect(200);
      await api
        .put(role)
        .set('Authorization', alice)
        .send({ holders: ['user:default/bob'], version: 0 })
        .expect(200);
      const exported = (
        await api.get(`${base}/export`).set('Authorization', carol).expect(200)
      ).body;
      return { api, exported };
    }

    const stored = async (api: any) =>
      (await api.get(`${base}/export`).set('Authorization', carol).expect(200))
        .body;

    it("moves another portal's records past the versions stored here, and keeps those stored alike", async () => {
      const { api, exported } = await setup();
      // Another portal's file: the same keys at version 1, one saying otherwise.
      const other = {
        ...exported,
        answers: [{ ...exported.answers[0], status: 'not-met' }],
        roles: [{ ...exported.roles[0], holders: ['user:default/carol'] }],
      };
      await api
        .post(`${base}/import`)
        .set('Authorization', carol)
        .send(other)
        .expect(200);
      const now = await stored(api);
      expect(now.answers[0]).toMatchObject({ status: 'not-met', version: 2 });
      expect(now.roles[0]).toMatchObject({ version: 2 });
      // An editor who saw version 1 here is told it changed.
      await api
        .put(answer)
        .set('Authorization', alice)
        .send({ status: 'partially-met', version: 1 })
        .expect(409);
      await api
        .put(role)
        .set('Authorization', alice)
        .send({ holders: ['user:default/alice'], version: 1 })
        .expect(409);

      // Restoring a backup of what is stored changes no version.
      await api
        .post(`${base}/import?restore=true`)
        .set('Authorization', carol)
        .send(now)
        .expect(200);
      expect({ ...(await stored(api)), exportedAt: undefined }).toEqual({
        ...now,
        exportedAt: undefined,
      });
    });

    it('keeps the version of a record the store reads back otherwise than the file says it', async () => {
      const { api, exported } = await setup();
      // An empty note is stored as none: the same answer.
      const file = {
        ...exported,
        answers: [{ ...exported.answers[0], note: '' }],
      };
      for (let i = 0; i < 2; i++) {
        await api
          .post(`${base}/import?restore=true`)
          .set('Authorization', carol)
          .send(file)
          .expect(200);
      }
      expect((await stored(api)).answers[0].version).toBe(1);
    });

    it('restores a record deleted and made again since the backup past the new one', async () => {
      const { api, exported } = await setup();
      await api
        .delete(answer)
        .set('Authorization', alice)
        .send({ version: 1 })
        .expect(200);
      // Made again, numbered on from the deleted one.
      const again = await api
        .put(answer)
        .set('Authorization', alice)
        .send({ status: 'not-met', version: 0 })
        .expect(200);
      expect(again.body.answer.version).toBe(2);
      await api
        .post(`${base}/import?restore=true`)
        .set('Authorization', carol)
        .send(exported)
        .expect(200);
      expect((await stored(api)).answers[0]).toMatchObject({
        status: 'met',
        version: 3,
      });
      // Who saw the answer made again (version 2) does not overwrite the restored one.
      await api
        .put(answer)
        .set('Authorization', alice)
        .send({ status: 'partially-met', version: 2 })
        .expect(409);
    });
  },
);
