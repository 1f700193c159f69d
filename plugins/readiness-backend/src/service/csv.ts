import {
  csvHeader,
  csvRows,
  ReadinessModel,
  scorecardCsvColumns,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';

/** Streams scorecard summaries as CSV (the common columns), one chunk per page. */
export async function* scorecardsCsv(
  pages: AsyncIterable<ScorecardSummary[]>,
  model: ReadinessModel,
): AsyncIterable<string> {
  const columns = scorecardCsvColumns(model);
  yield csvHeader(columns);
  for await (const page of pages) {
    if (page.length) yield csvRows(columns, page);
  }
}
