import zlib, { brotliDecompressSync, gunzipSync } from 'zlib';
import { EncodedReplies } from './encodedReplies';

/** A JSON-like text of about `chars` characters that compresses poorly. */
const textOf = (seed: string, chars: number) =>
  Array.from({ length: chars / 8 }, (_, i) =>
    ((i * 2654435761 + seed.charCodeAt(0)) >>> 0).toString(36).padEnd(8, seed),
  ).join('');
const text = (seed: string) => () => textOf(seed, 4000);

describe('EncodedReplies', () => {
  afterEach(() => jest.restoreAllMocks());

  it('gives the text in each encoding, and the same bytes again for the same key', async () => {
    const replies = new EncodedReplies(1 << 20);
    const gzipped = await replies.encoded('a', 'gzip', text('a'));
    expect(gunzipSync(gzipped).toString('utf8')).toBe(text('a')());
    expect(await replies.encoded('a', 'gzip', text('a'))).toBe(gzipped);
    const brotli = await replies.encoded('a', 'br', text('a'));
    expect(brotliDecompressSync(brotli).toString('utf8')).toBe(text('a')());
    expect(replies.bytes).toBe(gzipped.length + brotli.length);
  });

  it('holds no more memory than it counts', async () => {
    const replies = new EncodedReplies(1 << 20);
    const kept = await replies.encoded('a', 'gzip', text('a'));
    // zlib gives a view of a larger block; what is kept is its own.
    expect(kept.buffer.byteLength).toBe(kept.length);
  });

  it('encodes a body once when it is asked for by several reads at once', async () => {
    const gzip = jest.spyOn(zlib, 'gzip');
    const replies = new EncodedReplies(1 << 20);
    const bodies = await Promise.all(
      [1, 2, 3].map(() => replies.encoded('a', 'gzip', text('a'))),
    );
    expect(gzip).toHaveBeenCalledTimes(1);
    expect(new Set(bodies.map(b => b.toString('base64'))).size).toBe(1);
  });

  it('drops the least recently used once the bodies exceed its bytes', async () => {
    const sizes = await Promise.all(
      ['a', 'b', 'c'].map(
        async k =>
          (
            await new EncodedReplies(1 << 20).encoded(k, 'gzip', text(k))
          ).length,
      ),
    );
    // Room for two of the three bodies, not for three.
    const max = Math.max(...sizes) * 2 + 1;
    const replies = new EncodedReplies(max);
    const a = await replies.encoded('a', 'gzip', text('a'));
    const b = await replies.encoded('b', 'gzip', text('b'));
    expect(await replies.encoded('a', 'gzip', text('a'))).toBe(a); // a used last
    await replies.encoded('c', 'gzip', text('c'));
    expect(replies.bytes).toBeLessThanOrEqual(max);
    expect(await replies.encoded('a', 'gzip', text('a'))).toBe(a);
    expect(await replies.encoded('b', 'gzip', text('b'))).not.toBe(b);
  });

  it('keeps nothing larger than its bytes', async () => {
    const replies = new EncodedReplies(10);
    const body = await replies.encoded('a', 'gzip', text('a'));
    expect(gunzipSync(body).toString('utf8')).toBe(text('a')());
    expect(replies.bytes).toBe(0);
  });
});
