import { gunzipSync } from 'zlib';
import { GzipCache } from './gzipCache';

/** A JSON-like text of about `chars` characters that compresses poorly. */
const textOf = (seed: string, chars: number) =>
  Array.from({ length: chars / 8 }, (_, i) =>
    ((i * 2654435761 + seed.charCodeAt(0)) >>> 0).toString(36).padEnd(8, seed),
  ).join('');

describe('GzipCache', () => {
  it('gives the gzip of the text, and the same bytes again for the same key', async () => {
    const cache = new GzipCache(1024 * 1024);
    const text = textOf('a', 4000);
    const first = await cache.gzipOf('a', () => text);
    expect(gunzipSync(first).toString('utf8')).toBe(text);
    expect(await cache.gzipOf('a', () => text)).toBe(first);
    expect(cache.bytes).toBe(first.length);
  });

  it('drops the least recently used once the bodies exceed its bytes', async () => {
    const sizes = await Promise.all(
      ['a', 'b', 'c'].map(
        async k =>
          (
            await new GzipCache(1 << 20).gzipOf(k, () => textOf(k, 4000))
          ).length,
      ),
    );
    // Room for two of the three bodies, not for three.
    const cache = new GzipCache(Math.max(...sizes) * 2 + 1);
    const a = await cache.gzipOf('a', () => textOf('a', 4000));
    const b = await cache.gzipOf('b', () => textOf('b', 4000));
    expect(await cache.gzipOf('a', () => textOf('a', 4000))).toBe(a); // a used last
    await cache.gzipOf('c', () => textOf('c', 4000));
    expect(cache.bytes).toBeLessThanOrEqual(Math.max(...sizes) * 2 + 1);
    expect(await cache.gzipOf('a', () => textOf('a', 4000))).toBe(a);
    expect(await cache.gzipOf('b', () => textOf('b', 4000))).not.toBe(b);
  });

  it('keeps nothing larger than its bytes', async () => {
    const cache = new GzipCache(10);
    const zipped = await cache.gzipOf('a', () => textOf('a', 4000));
    expect(gunzipSync(zipped).toString('utf8')).toBe(textOf('a', 4000));
    expect(cache.bytes).toBe(0);
  });
});
