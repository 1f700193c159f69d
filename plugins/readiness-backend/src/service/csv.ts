import {
  csvHeader,
  csvRows,
  ReadinessModel,
  scorecardCsvColumns,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import { Response } from 'express';
import { Readable } from 'stream';
import { pipeline } from 'stream/promises';

/**
 * Streams scorecard summaries as CSV (the common columns), one chunk per
 * page. The first chunk is the header with the first page's rows: it is
 * yielded only once that page has been read, so a caller that sends its
 * headers with the first chunk can still answer an error (a catalog or
 * database outage) instead of cutting the download off.
 */
export async function* scorecardsCsv(
  pages: AsyncIterable<ScorecardSummary[]>,
  model: ReadinessModel,
): AsyncIterable<string> {
  const columns = scorecardCsvColumns(model);
  let header: string | undefined = csvHeader(columns);
  for await (const page of pages) {
    const rows = page.length ? csvRows(columns, page) : '';
    if (header !== undefined) {
      yield header + rows;
      header = undefined;
    } else if (rows) {
      yield rows;
    }
  }
  if (header !== undefined) yield header;
}

/**
 * Sends CSV chunks as a download named `filename`. The headers (a 200) go
 * once the first chunk has been made: an error before that (the first page
 * unreadable) is still an error response. Node's pipeline waits for a full
 * socket buffer to drain, and stops reading pages when the client goes.
 */
export async function sendCsv(
  res: Response,
  chunks: AsyncIterable<string>,
  filename: string,
): Promise<void> {
  const iterator = chunks[Symbol.asyncIterator]();
  const first = await iterator.next();
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  async function* all() {
    if (first.done) return;
    yield first.value;
    // Delegated, so that a client gone ends the reading of pages.
    yield* { [Symbol.asyncIterator]: () => iterator };
  }
  try {
    await pipeline(Readable.from(all()), res);
  } catch (error) {
    // The client went away: nothing to answer.
    if ((error as { code?: string }).code !== 'ERR_STREAM_PREMATURE_CLOSE') {
      throw error;
    }
  }
}
