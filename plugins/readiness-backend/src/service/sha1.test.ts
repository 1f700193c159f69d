import { createHash } from 'crypto';

const texts = [
  '',
  'component:default/cart',
  // Multi-byte UTF-8, an astral character and lone surrogates.
  'Zürich ✓ 😀 \ud800 \udc00',
  'x'.repeat(100_000),
];

/** SHA-1 of the UTF-8 bytes, as stored fingerprints were taken. */
const expected = (text: string) =>
  createHash('sha1').update(Buffer.from(text, 'utf8')).digest('hex');

describe('sha1Hex', () => {
  it('is the SHA-1 of the UTF-8 bytes in hex', () => {
    const { sha1Hex } = jest.requireActual('./sha1');
    for (const text of texts) expect(sha1Hex(text)).toBe(expected(text));
  });

  it('gives the same digest on a Node without crypto.hash', () => {
    const actual = jest.requireActual('crypto');
    const hashObjects = jest.fn(actual.createHash);
    jest.isolateModules(() => {
      jest.doMock('crypto', () => ({
        ...actual,
        hash: undefined,
        createHash: hashObjects,
      }));
      const { sha1Hex } = require('./sha1');
      for (const text of texts) expect(sha1Hex(text)).toBe(expected(text));
    });
    expect(hashObjects).toHaveBeenCalledTimes(texts.length);
    jest.dontMock('crypto');
  });
});
