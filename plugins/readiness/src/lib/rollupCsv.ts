import {
  ReadinessModel,
  Rollup,
  ScorecardSummary,
} from '@prodready/plugin-readiness-common';
import { CsvColumn } from './csv';
import { levelTitle, NO_LEVEL } from './presentation';

/** CSV columns of rollups (groups, systems, domains), one per figure and category. */
export function rollupCsvColumns(
  model: ReadinessModel,
): CsvColumn<{ rollup: Rollup; depth?: number }>[] {
  return [
    { header: 'ref', value: r => r.rollup.ref },
    { header: 'title', value: r => r.rollup.title },
    { header: 'parent', value: r => r.rollup.parent },
    { header: 'score', value: r => r.rollup.score },
    { header: 'entities', value: r => r.rollup.aggregate.entities },
    ...[NO_LEVEL, ...model.levels.map(l => l.id)].map(
      (id): CsvColumn<{ rollup: Rollup }> => ({
        header: `level ${levelTitle(model, id)}`,
        value: r => r.rollup.aggregate.levels[id] ?? 0,
      }),
    ),
    {
      header: 'entities with failing gates',
      value: r => r.rollup.aggregate.gateFailures,
    },
    {
      header: 'production below gate',
      value: r => r.rollup.aggregate.productionBelowGate,
    },
    { header: 'role problems', value: r => r.rollup.aggregate.roleProblems },
    ...model.categories.map(
      (c): CsvColumn<{ rollup: Rollup }> => ({
        header: c.title,
        value: r => r.rollup.categories[c.id],
      }),
    ),
  ];
}

/** CSV columns of entity scorecards. */
export function scorecardCsvColumns(
  model: ReadinessModel,
): CsvColumn<ScorecardSummary>[] {
  return [
    { header: 'entity', value: s => s.entityRef },
    { header: 'title', value: s => s.title },
    { header: 'kind', value: s => s.kind },
    { header: 'owner', value: s => s.owner },
    { header: 'system', value: s => s.system },
    { header: 'lifecycle', value: s => s.lifecycle },
    { header: 'score', value: s => s.score },
    { header: 'level', value: s => levelTitle(model, s.level) },
    { header: 'failing gates', value: s => s.gateFailures },
    { header: 'production below gate', value: s => s.productionBelowGate },
    { header: 'role problems', value: s => s.roleProblems },
    ...model.categories.map(
      (c): CsvColumn<ScorecardSummary> => ({
        header: c.title,
        value: s => s.categories[c.id],
      }),
    ),
  ];
}
