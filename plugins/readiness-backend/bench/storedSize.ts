import { Knex } from 'knex';

/** The target of issue 11: a stored scorecard of at most 2 KB. */
export const STORED_SCORECARD_TARGET_BYTES = 2048;

/**
 * Bytes stored per scorecard row: the UTF-8 length of every non-null value
 * of the row in `readiness_scorecards` (what a full run writes per entity),
 * as the mean and the largest row. Read in pages of the primary key.
 */
export async function storedScorecardBytes(
  knex: Knex,
): Promise<{ rows: number; mean: number; max: number }> {
  let rows = 0;
  let total = 0;
  let max = 0;
  let after = '';
  for (;;) {
    const page: Record<string, unknown>[] = await knex('readiness_scorecards')
      .where('entity_ref', '>', after)
      .orderBy('entity_ref')
      .limit(1000);
    if (!page.length) break;
    for (const row of page) {
      let bytes = 0;
      for (const value of Object.values(row)) {
        if (value !== null && value !== undefined) {
          bytes += Buffer.byteLength(String(value));
        }
      }
      rows++;
      total += bytes;
      max = Math.max(max, bytes);
    }
    after = String(page[page.length - 1].entity_ref);
  }
  return { rows, mean: rows ? total / rows : 0, max };
}

/** One line for the benchmark's output, with the target beside the figures. */
export function describeStoredBytes(size: {
  rows: number;
  mean: number;
  max: number;
}): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`;
  return `stored scorecard: mean ${kb(size.mean)}, max ${kb(size.max)} over ${
    size.rows
  } rows (target ≤ ${kb(STORED_SCORECARD_TARGET_BYTES)})`;
}
