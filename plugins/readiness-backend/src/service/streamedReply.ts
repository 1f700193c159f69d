import { Response } from 'express';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';

/**
 * Sends a reply made of chunks as they come, with `headers`. The headers
 * (a 200) go once the first chunk has been made: an error before that
 * (the first page unreadable) is still an error response; one after it
 * cuts the reply off, so a client never takes a part for the whole. Node's
 * pipeline waits for a full socket buffer to drain, and stops reading
 * pages when the client goes. True when the whole reply was sent.
 */
export async function sendChunks(
  res: Response,
  chunks: AsyncIterable<string>,
  headers: Record<string, string>,
): Promise<boolean> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  for (const [name, value] of Object.entries(headers)) {
    res.setHeader(name, value);
  }
  async function* all() {
    if (first.done) return;
    yield first.value;
    // Delegated, so that a client gone ends the reading of pages.
    yield* { [Symbol.asyncIterator]: () => iterator };
  }
  try {
    await pipeline(Readable.from(all()), res);
    return true;
  } catch (error) {
    // The client went away: nothing to answer, and the reply was not sent.
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      throw error;
    }
    return false;
  }
}
