import {
  csvHeader,
  csvRows,
  ReadinessModel,
  scorecardCsvColumns,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import { Response } from 'express';
import { sendChunks } from './streamedReply';

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

/** Sends CSV chunks as a download named `filename` (see {@link sendChunks}). */
export async function sendCsv(
  res: Response,
  chunks: AsyncIterable<string>,
  filename: string,
): Promise<void> {
  await sendChunks(res, chunks, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${filename}"`,
  });
}
