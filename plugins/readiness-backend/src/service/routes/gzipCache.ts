import { gzip } from 'zlib';

/**
 * Gzipped reply bodies kept in memory by a key naming their content (the
 * body's hash), the least recently used dropped first once they exceed
 * `maxBytes`. A scorecard read again sends the same text until the entity
 * is scored again, and compressing its 8–19 KB was about 0.65 ms of a read's
 * 1.5 ms in the handler (see docs/benchmarks.md); a key of the content
 * cannot serve a body that changed, whichever instance changed it.
 */
export class GzipCache {
  readonly #entries = new Map<string, Buffer>();
  #bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /**
   * The gzip of the text `textOf` gives, whose content `key` names: kept,
   * or made (off the event loop) and kept. The text is asked for only to
   * be compressed, as a page's is joined from its parts.
   */
  async gzipOf(key: string, textOf: () => string): Promise<Buffer> {
    const kept = this.#entries.get(key);
    if (kept) {
      // Most recently used last, as the Map iterates in insertion order.
      this.#entries.delete(key);
      this.#entries.set(key, kept);
      return kept;
    }
    const zipped = await new Promise<Buffer>((resolve, reject) =>
      gzip(textOf(), (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
    this.#keep(key, zipped);
    return zipped;
  }

  /** Bytes of the bodies kept now. */
  get bytes() {
    return this.#bytes;
  }

  #keep(key: string, zipped: Buffer) {
    if (zipped.length > this.maxBytes || this.#entries.has(key)) return;
    this.#entries.set(key, zipped);
    this.#bytes += zipped.length;
    for (const [oldest, body] of this.#entries) {
      if (this.#bytes <= this.maxBytes) break;
      this.#entries.delete(oldest);
      this.#bytes -= body.length;
    }
  }
}
