import { ScorecardSummary } from '../api/types';
import { NO_LEVEL, NOT_ASSESSED, ReadinessModel, Rollup } from '../types';
import { CsvColumn } from './csv';

/*
 * The columns of every CSV export, the same from the API's `/export.csv` and
 * from the portal's download buttons. Headers are stable identifiers (ids,
 * not display titles), so scripts reading an export keep working when a
 * title changes; levels and categories are named by id.
 */

type ModelShape = Pick<ReadinessModel, 'categories' | 'levels'>;

/** CSV columns of entity scorecards. @public */
export function scorecardCsvColumns(
  model: ModelShape,
): CsvColumn<ScorecardSummary>[] {
  return [
    { header: 'entityRef', value: s => s.entityRef },
    { header: 'kind', value: s => s.kind },
    { header: 'title', value: s => s.title },
    { header: 'owner', value: s => s.owner },
    { header: 'system', value: s => s.system },
    { header: 'domain', value: s => s.domain },
    { header: 'lifecycle', value: s => s.lifecycle },
    { header: 'score', value: s => s.score },
    // `not-assessed` as in rollups' level counts; empty below the lowest level.
    { header: 'level', value: s => (s.notAssessed ? NOT_ASSESSED : s.level) },
    { header: 'gateFailures', value: s => s.gateFailures },
    { header: 'productionBelowGate', value: s => s.productionBelowGate },
    { header: 'roleProblems', value: s => s.roleProblems },
    ...model.categories.map(
      (c): CsvColumn<ScorecardSummary> => ({
        header: `category:${c.id}`,
        value: s => s.categories[c.id],
      }),
    ),
    { header: 'computedAt', value: s => s.computedAt },
  ];
}

/** CSV columns of rollups (groups, systems, domains). @public */
export function rollupCsvColumns(
  model: ModelShape,
): CsvColumn<{ rollup: Rollup }>[] {
  return [
    { header: 'ref', value: r => r.rollup.ref },
    { header: 'kind', value: r => r.rollup.kind },
    { header: 'title', value: r => r.rollup.title },
    { header: 'parent', value: r => r.rollup.parent },
    { header: 'score', value: r => r.rollup.score },
    { header: 'entities', value: r => r.rollup.aggregate.entities },
    ...[NOT_ASSESSED, NO_LEVEL, ...model.levels.map(l => l.id)].map(
      (id): CsvColumn<{ rollup: Rollup }> => ({
        header: `level:${id}`,
        value: r => r.rollup.aggregate.levels[id] ?? 0,
      }),
    ),
    { header: 'gateFailures', value: r => r.rollup.aggregate.gateFailures },
    {
      header: 'productionBelowGate',
      value: r => r.rollup.aggregate.productionBelowGate,
    },
    { header: 'roleProblems', value: r => r.rollup.aggregate.roleProblems },
    ...model.categories.map(
      (c): CsvColumn<{ rollup: Rollup }> => ({
        header: `category:${c.id}`,
        value: r => r.rollup.categories[c.id],
      }),
    ),
  ];
}
