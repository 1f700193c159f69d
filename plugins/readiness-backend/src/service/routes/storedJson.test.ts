import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { mockServices } from '@backstage/backend-test-utils';
import express from 'express';
import request from 'supertest';
import zlib, { gunzipSync } from 'zlib';
import { EncodedReplies } from './encodedReplies';
import { sendJsonParts, sendWithStoredItems } from './storedJson';

/** The response's body as the bytes received (decoded, when gzipped). */
const raw = (req: request.Test) =>
  req.buffer(true).parse((res, done) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => done(null, Buffer.concat(chunks)));
  });

/*
 * A list read sends stored JSON texts as they are stored: its response must
 * be byte for byte what res.json of the parsed items sends, headers (length,
 * type, ETag) included, also for text outside ASCII, where characters and
 * bytes differ in number, and whatever the application's ETag setting; a
 * conditional read of an unchanged list is answered 304, as by res.json.
 */
describe('sendWithStoredItems', () => {
  const items = [
    { ref: 'group:default/zürich', title: 'Équipe “Zürich” – ops 🚀' },
    { ref: 'group:default/plain', title: 'Plain', score: null },
    // Bodies under 1,000 characters take another path in express's send.
    { ref: 'group:default/long', title: 'x'.repeat(1200) },
  ];
  // More than one part of the body (~32,000 characters each).
  const many = Array.from({ length: 60 }, (_, i) => ({
    ref: `group:default/g${i}`,
    title: `${i % 7 ? 'x' : 'ü'}`.repeat(1500 + i),
  }));
  function appWithEtag(etag: unknown) {
    const app = express();
    app.set('etag', etag);
    app.get('/stored', (_req, res) =>
      sendWithStoredItems(
        res,
        { by: 'group', totalCount: 2 },
        items.map(i => JSON.stringify(i)),
      ),
    );
    app.get('/json', (_req, res) => {
      res.json({ by: 'group', totalCount: 2, items });
    });
    app.get('/stored-many', (_req, res) =>
      sendWithStoredItems(
        res,
        { by: 'group' },
        many.map(i => JSON.stringify(i)),
      ),
    );
    app.get('/json-many', (_req, res) => {
      res.json({ by: 'group', items: many });
    });
    app.get('/stored-empty', (_req, res) => sendWithStoredItems(res, {}, []));
    app.get('/json-empty', (_req, res) => {
      res.json({ items: [] });
    });
    return app;
  }
  const headers = ['content-type', 'content-length', 'etag'];

  it.each([
    [true, '/stored', '/json'],
    [true, '/stored-empty', '/json-empty'],
    [true, '/stored-many', '/json-many'],
    ['strong', '/stored', '/json'],
    [false, '/stored', '/json'],
    [(body: string | Buffer) => `"${body.length}"`, '/stored', '/json'],
  ])('with etag %p, %s sends what %s sends', async (etag, stored, parsed) => {
    const app = appWithEtag(etag);
    const [a, b] = await Promise.all(
      [stored, parsed].map(path => raw(request(app).get(path))),
    );
    expect(a.status).toBe(200);
    expect(a.body.equals(b.body)).toBe(true);
    for (const header of headers) {
      expect([header, a.headers[header]]).toEqual([header, b.headers[header]]);
    }
  });

  it('answers a conditional read and HEAD as res.json does', async () => {
    const app = appWithEtag(true);
    const { headers: first } = await request(app).get('/stored');
    expect(first.etag).toMatch(/^W\/"/);
    for (const [path, other] of [
      ['/stored', '/json'],
      ['/json', '/stored'],
    ]) {
      const a = await raw(
        request(app).get(path).set('If-None-Match', first.etag),
      );
      const b = await raw(
        request(app).get(other).set('If-None-Match', first.etag),
      );
      expect([a.status, a.body.length]).toEqual([304, 0]);
      expect([b.status, b.body.length]).toEqual([304, 0]);
      for (const header of headers) {
        expect([header, a.headers[header]]).toEqual([
          header,
          b.headers[header],
        ]);
      }
    }
    const [headA, headB] = await Promise.all(
      ['/stored', '/json'].map(path => raw(request(app).head(path))),
    );
    expect(headA.status).toBe(200);
    for (const header of headers) {
      expect([header, headA.headers[header]]).toEqual([
        header,
        headB.headers[header],
      ]);
    }
  });
});

/*
 * A reply sent from encoded replies, behind Backstage's compression
 * middleware as in a portal: compressed once, in the encoding the caller
 * accepts (brotli first, as the middleware prefers), with the ETag of its
 * text whatever the encoding.
 */
describe('sendJsonParts with encoded replies', () => {
  const long = JSON.stringify({ title: 'Équipe “Zürich” '.repeat(200) });
  const short = JSON.stringify({ title: 'short' });
  function appWith(replies: EncodedReplies) {
    const app = express();
    app.use(
      MiddlewareFactory.create({
        config: mockServices.rootConfig(),
        logger: mockServices.logger.mock(),
      }).compression(),
    );
    app.get('/long', (_req, res) =>
      sendJsonParts(res, [long], { encoded: replies }),
    );
    app.get('/short', (_req, res) =>
      sendJsonParts(res, [short], { encoded: replies }),
    );
    return app;
  }
  const replies = new EncodedReplies(1 << 20);
  const app = appWith(replies);
  afterEach(() => jest.restoreAllMocks());

  it('sends the text gzipped once, with the length of the gzip', async () => {
    // supertest decodes the body: the text comes back only if encoded once.
    const res = await raw(
      request(app).get('/long').set('Accept-Encoding', 'gzip, deflate'),
    );
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(res.body.toString('utf8')).toBe(long);
    const sent = await replies.encoded(res.headers.etag, 'gzip', () => long);
    expect(res.headers['content-length']).toBe(String(sent.length));
    expect(gunzipSync(sent).toString('utf8')).toBe(long);
    const plain = await raw(
      request(app).get('/long').set('Accept-Encoding', 'identity'),
    );
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString('utf8')).toBe(long);
    expect(plain.headers.etag).toBe(res.headers.etag);
    expect(plain.headers.vary).toMatch(/Accept-Encoding/);
  });

  it.each([
    ['gzip, deflate, br, zstd', 'br'],
    ['br;q=0, gzip', 'gzip'],
    ['*', 'br'],
    ['gzip;q=0', undefined],
  ])('answers Accept-Encoding %p in %p', async (accepted, encoding) => {
    const res = await raw(
      request(app).get('/long').set('Accept-Encoding', accepted),
    );
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.body.toString('utf8')).toBe(long);
  });

  it('sends a reply under 1 KB as it is', async () => {
    const res = await raw(
      request(app).get('/short').set('Accept-Encoding', 'gzip'),
    );
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.body.toString('utf8')).toBe(short);
  });

  it('sends the text as it is when compressing it fails', async () => {
    jest
      .spyOn(zlib, 'gzip')
      .mockImplementation(((_text: string, done: (e: Error) => void) =>
        done(new Error('out of memory'))) as any);
    const res = await raw(
      request(appWith(new EncodedReplies(1 << 20)))
        .get('/long')
        .set('Accept-Encoding', 'gzip'),
    );
    // As if it were not kept: the middleware compresses it as it streams.
    expect(res.status).toBe(200);
    expect(res.body.toString('utf8')).toBe(long);
  });

  it('answers a conditional read and HEAD without a body', async () => {
    const { headers } = await request(app).get('/long');
    const again = await raw(
      request(app)
        .get('/long')
        .set('Accept-Encoding', 'gzip')
        .set('If-None-Match', headers.etag),
    );
    expect([again.status, again.body.length]).toEqual([304, 0]);
    const head = await raw(
      request(app).head('/long').set('Accept-Encoding', 'gzip'),
    );
    expect(head.status).toBe(200);
    expect(head.headers.etag).toBe(headers.etag);
    expect(head.headers['content-encoding']).toBeUndefined();
  });
});
