import express from 'express';
import request from 'supertest';
import { sendWithStoredItems } from './storedJson';

/*
 * A list read sends stored JSON texts as they are stored: its response must
 * be byte for byte what res.json of the parsed items sends, headers (length,
 * type, ETag) included, also for text outside ASCII, where characters and
 * bytes differ in number.
 */
describe('sendWithStoredItems', () => {
  const items = [
    { ref: 'group:default/zürich', title: 'Équipe “Zürich” – ops 🚀' },
    { ref: 'group:default/plain', title: 'Plain', score: null },
  ];
  const app = express();
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
  app.get('/stored-empty', (_req, res) => sendWithStoredItems(res, {}, []));
  app.get('/json-empty', (_req, res) => {
    res.json({ items: [] });
  });

  it.each([
    ['/stored', '/json'],
    ['/stored-empty', '/json-empty'],
  ])('%s sends what %s sends', async (stored, parsed) => {
    const [a, b] = await Promise.all(
      [stored, parsed].map(path =>
        request(app).get(path).buffer(true).parse((res, done) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done(null, Buffer.concat(chunks)));
        }),
      ),
    );
    expect(a.status).toBe(200);
    expect(a.body.equals(b.body)).toBe(true);
    for (const header of ['content-type', 'content-length', 'etag']) {
      expect([header, a.headers[header]]).toEqual([header, b.headers[header]]);
    }
  });
});
