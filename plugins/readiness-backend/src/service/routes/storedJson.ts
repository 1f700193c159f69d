import { createHash } from 'crypto';
import { Response } from 'express';
import { EncodedReplies, replyEncodingFor } from './encodedReplies';

/** At most ~64 KB a part (two bytes a character), below V8's large objects. */
const PART_CHARS = 32_000;

/**
 * Sends `body` as JSON with `items` spliced in as stored JSON texts, which
 * are neither parsed nor serialised again: a page of 100 rollups is about
 * 100 KB, and parsing and serialising it was most of a list read's CPU time.
 * The texts were written by JSON.stringify, so the response is what
 * `res.json({ ...body, items: texts.map(JSON.parse) })` sends, headers and
 * conditional answers (ETag, 304) included.
 *
 * The body goes to the socket in parts of at most ~32,000 characters, one
 * write each under one cork (a single writev), never as one string or
 * Buffer: express's `send` copied it into a Buffer (~0.25 ms of CPU a read
 * of 108 KB, mostly the kernel's), and a string of more than 128 KB (the
 * page at 100,000 entities is 129 KB) is a large object to V8, each adding
 * to the old generation: the page's read took 6.8 ms of the server's CPU
 * with a heap of ~300 MB, 3.1 ms in parts. Not one part an item: behind
 * Backstage's compression middleware every write is a write to zlib, and
 * 200 of them cost ~3 ms more a read than one.
 */
export function sendWithStoredItems(
  res: Response,
  body: object,
  items: string[],
  options: SendOptions = {},
): Promise<void> {
  const head = JSON.stringify(body);
  const separator = head === '{}' ? '' : ',';
  const parts = [`${head.slice(0, -1)}${separator}"items":[`];
  for (let start = 0, end = 0; start < items.length; start = end) {
    let chars = 0;
    while (end < items.length && (end === start || chars < PART_CHARS)) {
      chars += items[end++].length + 1;
    }
    const joined = items.slice(start, end).join(',');
    parts.push(start ? `,${joined}` : joined);
  }
  parts.push(']}');
  return sendJsonParts(res, parts, options);
}

/** How a reply is sent. */
export interface SendOptions {
  /**
   * Where a reply the caller accepts compressed is taken from, encoded
   * once: the compression middleware passes an encoded reply on.
   */
  encoded?: EncodedReplies;
}

/** Below this many bytes a reply goes uncompressed, as Backstage's compression middleware decides. */
const COMPRESS_THRESHOLD = 1024;

/**
 * Sends the JSON text made of `parts` as `res.json` sends the value it is
 * the text of: the same headers and conditional answers, one write a part.
 * With `encoded`, a reply the caller accepts compressed goes from there.
 */
export async function sendJsonParts(
  res: Response,
  parts: string[],
  options: SendOptions = {},
): Promise<void> {
  const etagSetting = res.app.get('etag');
  if (typeof etagSetting === 'function') {
    // An ETag of the application's own making: express's path.
    res.type('application/json').send(parts.join(''));
    return;
  }
  res.set('Content-Type', 'application/json; charset=utf-8');
  let length = 0;
  for (const part of parts) length += Buffer.byteLength(part, 'utf8');
  res.set('Content-Length', String(length));
  const tag = () => entityTag(parts, length, etagSetting !== 'strong');
  const etag = etagSetting && !res.get('ETag') ? tag() : undefined;
  if (etag) res.set('ETag', etag);
  const compressible = options.encoded && length >= COMPRESS_THRESHOLD;
  if (compressible) res.vary('Accept-Encoding');
  if (res.req.fresh) {
    res.status(304);
    res.removeHeader('Content-Type');
    res.removeHeader('Content-Length');
    res.end();
    return;
  }
  if (res.req.method === 'HEAD') {
    res.end();
    return;
  }
  const encoding = compressible ? replyEncodingFor(res.req) : undefined;
  if (encoding) {
    const body = await options
      .encoded!.encoded(etag ?? tag(), encoding, () => parts.join(''))
      // Compressing cannot fail but for memory; the text goes as it is then.
      .catch(() => undefined);
    if (body) {
      res.set('Content-Encoding', encoding);
      res.set('Content-Length', String(body.length));
      res.end(body);
      return;
    }
  }
  res.cork();
  for (const part of parts) res.write(part, 'utf8');
  res.end();
  res.uncork();
}

/** The ETag express gives a body (its `etag` package's), from the body's parts. */
function entityTag(parts: string[], length: number, weak: boolean) {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part, 'utf8');
  const digest = hash.digest('base64').substring(0, 27);
  return `${weak ? 'W/' : ''}"${length.toString(16)}-${digest}"`;
}
