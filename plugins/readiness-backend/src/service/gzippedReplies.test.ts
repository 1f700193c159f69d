import zlib from 'zlib';
import { createTestDatabases } from '../__testUtils__/databases';
import { smallOrg } from '../__testUtils__/entities';
import {
  base,
  bob,
  cart,
  carol,
  startBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const databases = createTestDatabases();

/*
 * How a scorecard goes to the entity page, and a page of rollups to the
 * organisation page: a browser asks for gzip and reads the same reply
 * again with the ETag it was given.
 */
describe.each(databases.eachSupportedId())('sending replies, on %s', id => {
  /** A backend after a full run. */
  async function computedBackend() {
    const entities = smallOrg();
    const { api } = await startBackend({
      knex: await databases.init(id),
      entities,
    });
    await api.post(`${base}/compute`).set('Authorization', carol).expect(202);
    return { api, entities };
  }

  /** A backend after a full run; the read sends cart's etag as the catalog has it. */
  async function computed() {
    const { api, entities } = await computedBackend();
    const etag = entities.find(e => e.metadata.name === 'cart')!.metadata.etag!;
    return () => api.get(cart).query({ etag }).set('Authorization', bob);
  }

  it("sends a read again the first read's text: not modified for its ETag", async () => {
    const read = await computed();
    // The first read builds the detail; the next ones find it kept.
    const first = await read().expect(200);
    const again = await read().expect(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(again.text).toBe(first.text);
    await read().set('If-None-Match', first.headers.etag).expect(304);
  });

  it('gzips a scorecard for a caller who accepts it, once while it is the same', async () => {
    const read = await computed();
    const gzip = jest.spyOn(zlib, 'gzip');
    try {
      const first = await read().set('Accept-Encoding', 'gzip').expect(200);
      expect(first.headers['content-encoding']).toBe('gzip');
      expect(first.headers.vary).toMatch(/Accept-Encoding/);
      const again = await read().set('Accept-Encoding', 'gzip').expect(200);
      expect(again.body).toEqual(first.body);
      expect(gzip).toHaveBeenCalledTimes(1);
      const plain = await read().set('Accept-Encoding', 'identity');
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.headers.etag).toBe(first.headers.etag);
      expect(plain.text).toBe(JSON.stringify(first.body));
    } finally {
      gzip.mockRestore();
    }
  });

  it.each([
    ['a page of rollups', `${base}/rollups?by=group`],
    ["a group's rollup", `${base}/rollups/group/default/acme`],
  ])('gzips %s once while it is the same', async (_what, path) => {
    const { api } = await computedBackend();
    const read = () =>
      api
        .get(path)
        .set('Authorization', bob)
        .set('Accept-Encoding', 'gzip')
        .expect(200);
    const gzip = jest.spyOn(zlib, 'gzip');
    try {
      const first = await read();
      expect(first.headers['content-encoding']).toBe('gzip');
      const again = await read();
      expect(again.body).toEqual(first.body);
      expect(JSON.stringify(first.body).length).toBeGreaterThan(1024);
      expect(gzip).toHaveBeenCalledTimes(1);
    } finally {
      gzip.mockRestore();
    }
  });
});
