/*
 * The rows of the bench's table: each measure of one size, this project's
 * figure beside Tech Insights', the ratio and the issue's target.
 */
import { Latency } from './http';
import type { SizeResult } from './report';

/** The size at which the full-run ratio is a target. */
export const FULL_RUN_TARGET_SIZE = 10_000;
export const FULL_RUN_TARGET_RATIO = 15;

interface Row {
  n: number;
  measure: string;
  ours: string;
  theirs: string;
  ratio: string;
  target: string;
  result: '' | 'pass' | 'miss';
}

export function formatMs(ms: number) {
  if (ms < 1000) return `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;
  const seconds = ms / 1000;
  let digits = 0;
  if (seconds < 10) digits = 2;
  else if (seconds < 100) digits = 1;
  return `${seconds.toFixed(digits)} s`;
}
export const formatMb = (mb: number) => `${mb.toFixed(0)} MB`;
export const times = (ratio: number) => `${ratio.toFixed(ratio < 10 ? 2 : 1)}×`;
const verdict = (ok: boolean) => (ok ? 'pass' : 'miss');
export const count = (n: number) => n.toLocaleString('en-US');

export function rowsOf(size: SizeResult): Row[] {
  const { n, readiness: ours, techInsights: ti } = size;
  const row = (
    measure: string,
    o: string,
    t: string,
    ratio = '',
    target = '',
    result: Row['result'] = '',
  ): Row => ({
    n,
    measure,
    ours: o,
    theirs: t,
    ratio,
    target,
    result,
  });
  const fullRatio = ti.bulkMs / ours.coldMs;
  const fullTarget = n === FULL_RUN_TARGET_SIZE;
  const explicit = ti.explicitOneRequest;
  /** A single entity's read beside Tech Insights' single run: p50 (the target) and p99. */
  const readRows = (
    how: string,
    what: string,
    read: Latency,
    single: Latency,
  ) => [
    row(
      `Single entity, ${how}, p50 (${what} ↔ checks run)`,
      formatMs(read.p50),
      formatMs(single.p50),
      times(single.p50 / read.p50),
      '≤ Tech Insights',
      verdict(read.p50 <= single.p50),
    ),
    row(
      `Single entity, ${how}, p99`,
      formatMs(read.p99),
      formatMs(single.p99),
      times(single.p99 / read.p99),
    ),
  ];
  return [
    row(
      'Full run, cold ↔ bulk `/checks/run` (all entities)',
      formatMs(ours.coldMs),
      formatMs(ti.bulkMs),
      times(fullRatio),
      fullTarget ? `≥ ${FULL_RUN_TARGET_RATIO}×` : '',
      fullTarget ? verdict(fullRatio >= FULL_RUN_TARGET_RATIO) : '',
    ),
    row(
      'Full run, nothing changed ↔ bulk run',
      formatMs(ours.unchangedMs),
      formatMs(ti.bulkMs),
      times(ti.bulkMs / ours.unchangedMs),
    ),
    row(
      'Full run, cold ↔ fact retrieval + bulk run',
      formatMs(ours.coldMs),
      formatMs(ti.factRetrievalMs + ti.bulkMs),
      times((ti.factRetrievalMs + ti.bulkMs) / ours.coldMs),
    ),
    ...catalogReadRows(ours, ti, row),
    row(
      `Bulk run, ${count(explicit.refs)} explicit refs in one request`,
      '—',
      explicit.status === 200
        ? formatMs(explicit.ms)
        : `HTTP ${explicit.status} (refused) after ${formatMs(explicit.ms)}`,
    ),
    row(
      `Bulk run, explicit refs in ${ti.explicitBatched.requests} request${
        ti.explicitBatched.requests === 1 ? '' : 's'
      } of up to ${count(ti.explicitBatched.batchSize)}`,
      '—',
      formatMs(ti.explicitBatched.ms),
    ),
    ...readRows('first read', 'scorecard built', ours.read, ti.single),
    ...(ours.readAgain
      ? readRows('read again', 'scorecard kept', ours.readAgain, ti.single)
      : []),
    row(
      'RSS after start',
      formatMb(ours.memory.afterStartMb),
      formatMb(ti.memory.afterStartMb),
      times(ti.memory.afterStartMb / ours.memory.afterStartMb),
    ),
    row(
      'Peak RSS',
      formatMb(ours.memory.peakMb),
      formatMb(ti.memory.peakMb),
      times(ti.memory.peakMb / ours.memory.peakMb),
      '≤ Tech Insights',
      verdict(ours.memory.peakMb <= ti.memory.peakMb),
    ),
  ];
}

/**
 * The scheduled catalog reads side by side: the freshness pass (every
 * minute by default) and the fact retrieval, with the catalog's CPU time
 * over each. Figures saved before the pass was measured have the fact
 * retrieval alone.
 */
function catalogReadRows(
  ours: SizeResult['readiness'],
  ti: SizeResult['techInsights'],
  row: (measure: string, o: string, t: string, ratio?: string) => Row,
): Row[] {
  const { freshness } = ours;
  const retrievalCpu = ti.factRetrievalCatalogCpuMs;
  if (!freshness)
    return [row('Fact retrieval', '—', formatMs(ti.factRetrievalMs))];
  return [
    row(
      'Freshness pass, first after a full run ↔ fact retrieval',
      formatMs(freshness.first.ms),
      formatMs(ti.factRetrievalMs),
      times(ti.factRetrievalMs / freshness.first.ms),
    ),
    row(
      'Freshness pass, nothing changed ↔ fact retrieval',
      formatMs(freshness.unchanged.ms),
      formatMs(ti.factRetrievalMs),
      times(ti.factRetrievalMs / freshness.unchanged.ms),
    ),
    row(
      '… the catalog’s CPU time over it',
      formatMs(freshness.unchanged.catalogCpuMs),
      retrievalCpu === undefined ? '—' : formatMs(retrievalCpu),
      retrievalCpu === undefined
        ? ''
        : times(retrievalCpu / freshness.unchanged.catalogCpuMs),
    ),
  ];
}

export const HEADER = [
  'Entities',
  'Measure',
  'This project',
  'Tech Insights',
  'TI ÷ this project',
  'Target',
  '',
];
export const cellsOf = (r: Row) => [
  count(r.n),
  r.measure,
  r.ours,
  r.theirs,
  r.ratio,
  r.target,
  r.result,
];
