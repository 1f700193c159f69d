import { Request } from 'express';
import { brotliCompress, constants, gzip } from 'zlib';

/** The encodings a reply is kept in, as Backstage's compression middleware offers them. */
export type ReplyEncoding = 'br' | 'gzip';

/**
 * The encoding to send a reply in: brotli when the caller accepts it, else
 * gzip, else none, as Backstage's compression middleware prefers them.
 */
export function replyEncodingFor(req: Request): ReplyEncoding | undefined {
  const accepts = (encoding: ReplyEncoding) =>
    req.acceptsEncodings(encoding, 'identity') === encoding;
  if (accepts('br')) return 'br';
  return accepts('gzip') ? 'gzip' : undefined;
}

/** `text` in `encoding`, made on libuv's thread pool, off the event loop. */
function encode(encoding: ReplyEncoding, text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const done = (error: Error | null, result: Buffer) =>
      error ? reject(error) : resolve(result);
    if (encoding === 'gzip') gzip(text, done);
    else {
      // The middleware's quality: near gzip's size in a third of the time.
      brotliCompress(
        text,
        { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } },
        done,
      );
    }
  });
}

/**
 * Encoded reply bodies kept in memory by a key naming their content (the
 * body's hash) and their encoding, the least recently used dropped first
 * once they exceed `maxBytes`. A scorecard or a page of rollups read again
 * sends the same text until it is computed again, and compressing a
 * scorecard was about 0.65 ms of a read's 1.5 ms in the handler (see
 * docs/benchmarks.md); a key of the content cannot serve a body that
 * changed, whichever instance changed it.
 */
export class EncodedReplies {
  readonly #entries = new Map<string, Buffer>();
  /** Encodings under way, so that concurrent reads of a new body make one. */
  readonly #pending = new Map<string, Promise<Buffer>>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * The text `textOf` gives, whose content `key` names, in `encoding`: kept,
   * or made and kept. The text is asked for only to be encoded, as a page's
   * is joined from its parts.
   */
  async encoded(
    key: string,
    encoding: ReplyEncoding,
    textOf: () => string,
  ): Promise<Buffer> {
    const id = `${encoding} ${key}`;
    const kept = this.#entries.get(id);
    if (kept) {
      // Most recently used last, as the Map iterates in insertion order.
      this.#entries.delete(id);
      this.#entries.set(id, kept);
      return kept;
    }
    const pending = this.#pending.get(id);
    if (pending) return pending;
    const made = encode(encoding, textOf()).then(body => this.#keep(id, body));
    this.#pending.set(id, made);
    try {
      return await made;
    } finally {
      this.#pending.delete(id);
    }
  }

  /** Bytes of the bodies kept now. */
  get bytes() {
    return this.#bytes;
  }

  /** Keeps `body` (a copy) if it fits; the body to send. */
  #keep(id: string, body: Buffer): Buffer {
    if (body.length > this.maxBytes) return body;
    // zlib's result of a small body is a view of a larger block: a copy of
    // its own keeps only its bytes, so that the count is the memory held.
    const own = Buffer.allocUnsafeSlow(body.length);
    body.copy(own);
    this.#entries.set(id, own);
    this.#bytes += own.length;
    for (const [oldest, kept] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= kept.length;
    }
    return own;
  }
}
