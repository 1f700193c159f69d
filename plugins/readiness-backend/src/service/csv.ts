import { ScorecardSummary } from '@prodready/plugin-readiness-common';

/** Quotes a CSV field when needed (RFC 4180) and defuses spreadsheet formulas. */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text) && typeof value === 'string') text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Streams scorecard summaries as CSV, one chunk per page. */
export async function* scorecardsCsv(
  pages: AsyncIterable<ScorecardSummary[]>,
  categoryIds: string[],
): AsyncIterable<string> {
  const header = [
    'entityRef',
    'kind',
    'title',
    'owner',
    'system',
    'domain',
    'lifecycle',
    'score',
    'level',
    'gateFailures',
    'productionBelowGate',
    'roleProblems',
    ...categoryIds.map(id => `category:${id}`),
    'computedAt',
  ];
  yield `${header.join(',')}\r\n`;
  for await (const page of pages) {
    yield page
      .map(s =>
        [
          s.entityRef,
          s.kind,
          s.title,
          s.owner,
          s.system,
          s.domain,
          s.lifecycle,
          s.score,
          s.level,
          s.gateFailures,
          s.productionBelowGate,
          s.roleProblems,
          ...categoryIds.map(id => s.categories[id]),
          s.computedAt,
        ]
          .map(csvField)
          .join(','),
      )
      .join('\r\n')
      .concat('\r\n');
  }
}
