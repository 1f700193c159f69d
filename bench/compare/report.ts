/*
 * The bench's results: the table (printed, and in docs/benchmarks.md) with
 * Tech Insights' figure divided by this project's and the issue's targets,
 * and the rest of the document's section, regenerated on every run.
 */
import { existsSync, readFileSync, writeFileSync } from 'fs';
import { BENCH_CHECKS } from './benchChecks';
import {
  cellsOf,
  count,
  formatMb,
  formatMs,
  FULL_RUN_TARGET_RATIO,
  FULL_RUN_TARGET_SIZE,
  HEADER,
  rowsOf,
  times,
} from './rows';
import { describeParts, ReadinessFigures, TechInsightsFigures } from './sides';

export interface SizeResult {
  n: number;
  counts: Record<string, number>;
  catalogLoadMs: number;
  catalogPeakMb: number;
  reads: number;
  runs: number;
  readiness: ReadinessFigures;
  techInsights: TechInsightsFigures;
}

export interface BenchRun {
  date: string;
  machine: string;
  node: string;
  postgres: string;
  loadAverageAtStart: string;
  loadAverageAtEnd?: string;
  /** Checks in this project's model (it scores them all; Tech Insights runs ten). */
  modelChecks: number;
  sizes: SizeResult[];
}

/** The chart the document shows, or why there is none. */
export type ChartOutcome = { file: string } | { error: string };

export function printTable(run: BenchRun) {
  const lines = [HEADER, ...run.sizes.flatMap(rowsOf).map(cellsOf)];
  const widths = HEADER.map((_, i) => Math.max(...lines.map(l => l[i].length)));
  console.log('');
  for (const line of lines) {
    console.log(
      line
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    );
  }
  console.log(
    `\nLoad average: ${run.loadAverageAtStart} at the start, ${run.loadAverageAtEnd} at the end`,
  );
  console.log(gaps(run));
}

function markdownTable(run: BenchRun) {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [
    line(HEADER),
    line(HEADER.map((_, i) => (i < 2 ? '---' : '---:'))),
    ...run.sizes
      .flatMap(rowsOf)
      .map(r =>
        line(cellsOf(r).map((c, i) => (i === 6 && c ? `**${c}**` : c))),
      ),
  ].join('\n');
}

/** Each missed target in words: by how much, and what this project would have to reach. */
function gaps(run: BenchRun): string {
  const lines: string[] = [];
  for (const { n, readiness: ours, techInsights: ti } of run.sizes) {
    const ratio = ti.bulkMs / ours.coldMs;
    if (n === FULL_RUN_TARGET_SIZE && ratio < FULL_RUN_TARGET_RATIO) {
      lines.push(
        `the full run at ${count(n)} is ${times(
          ratio,
        )} faster than the bulk run, not ${FULL_RUN_TARGET_RATIO}×: ` +
          `it would have to take ${formatMs(
            ti.bulkMs / FULL_RUN_TARGET_RATIO,
          )} cold; it took ${formatMs(ours.coldMs)}`,
      );
    }
    const reads = [
      ['read the first time', ours.read],
      ['read again', ours.readAgain],
    ] as const;
    for (const [how, read] of reads) {
      if (!read || read.p50 <= ti.single.p50) continue;
      lines.push(
        `a single entity at ${count(n)} ${how} takes ${formatMs(
          read.p50,
        )} (p50), ` +
          `${times(
            read.p50 / ti.single.p50,
          )} as long as Tech Insights' ${formatMs(ti.single.p50)}`,
      );
    }
    if (ours.memory.peakMb > ti.memory.peakMb) {
      lines.push(
        `peak RSS at ${count(n)} is ${formatMb(ours.memory.peakMb)}, ${formatMb(
          ours.memory.peakMb - ti.memory.peakMb,
        )} above Tech Insights'`,
      );
    }
  }
  return lines.length
    ? `Missed this run: ${lines.join('; ')}.`
    : 'Every target was met this run.';
}

const describeCounts = (c: Record<string, number>) =>
  `${count(c.System ?? 0)} systems, ${count(
    c.Component ?? 0,
  )} components, ${count(c.Resource ?? 0)} resources; ${count(
    c.Group ?? 0,
  )} groups, ${count(c.User ?? 0)} users, ${count(c.Domain ?? 0)} domains`;

export const MARK_START =
  '<!-- bench:compare:start (written by `npm run bench:compare`; edit bench/compare/report.ts) -->';
export const MARK_END = '<!-- bench:compare:end -->';

function section(run: BenchRun, chart: ChartOutcome) {
  const first = run.sizes[0];
  const perSize = run.sizes
    .map(
      s =>
        `- **${count(s.n)}** scored entities (${describeCounts(
          s.counts,
        )}); catalog loaded and processed in ${formatMs(
          s.catalogLoadMs,
        )} (catalog process peak ${formatMb(
          s.catalogPeakMb,
        )}); load average before this project's side ${
          s.readiness.loadAverage
        }, before Tech Insights' ${s.techInsights.loadAverage}.${
          s.readiness.coldParts
            ? ` Full run, cold: ${describeParts(
                s.readiness.coldParts,
              )}; nothing changed: ${describeParts(
                s.readiness.unchangedParts,
              )} (as the runs record themselves).`
            : ''
        }`,
    )
    .join('\n');
  return `${MARK_START}
## This project beside Tech Insights

\`npm run bench:compare\` (source in [bench/compare/](../bench/compare/)), latest run:
${run.date.slice(0, 16).replace('T', ' ')} UTC on ${run.machine}; Node ${
    run.node
  }; PostgreSQL ${run.postgres} on the same
machine. Load average (1, 5, 15 min) ${
    run.loadAverageAtStart
  } at the start and ${run.loadAverageAtEnd} at the end:
the machine is shared, so read the ratios rather than the absolute times.

${perSize}

${markdownTable(run)}

"TI ÷ this project" is Tech Insights' figure divided by this project's: above 1× this project is faster
or smaller. Targets (issue 11): the full run at least ${FULL_RUN_TARGET_RATIO}× faster than Tech Insights' bulk run at
${count(
  FULL_RUN_TARGET_SIZE,
)} entities; a single entity's read no slower than Tech Insights' single run
(p50); peak RSS no larger than Tech Insights'.

${gaps(run)}

${
  'file' in chart
    ? `![Time against organisation size, both tools](${chart.file})`
    : `(No chart this run: ${chart.error}.)`
}

### Method

- **Organisation.** \`generateOrg\` of \`@prodready/plugin-readiness-common/testUtils\` with the seed of
  \`npm run bench:backend\`, at each size (4 % systems, 76 % components, 20 % resources, with the same
  four-level group tree, users and domains at every size), made valid for the catalog (leaf groups get
  \`children: []\`, components without a lifecycle get \`unknown\`, \`dependsOn\` relations become
  \`spec.dependsOn\`). Every scored entity carries exactly ten readiness annotations, for
  ${BENCH_CHECKS.map(c => `\`${c.checkId}\``).join(
    ', ',
  )}: the value the generator drew where it drew one
  (teams adopt unevenly; some values are malformed), \`not-met\` otherwise. No roles, portal answers or
  pushed results: Tech Insights has nothing to match them.
- **Catalog.** \`@backstage/plugin-catalog-backend\` in a backend process of its own on PostgreSQL, fed by one
  entity provider; the bench waits until every entity is processed and stitched, then vacuums and
  analyses its tables (as autovacuum has in a portal that has been running; before, the planner had no
  statistics of the tables just filled and autovacuum could start in the middle of a measurement), and a
  24-hour processing interval keeps it idle while the two sides are measured. Both sides read it over HTTP with plugin tokens.
- **Both sides.** A real backend (\`createBackend()\` of \`@backstage/backend-defaults\`) in a child process
  of its own, one after the other, on PostgreSQL (a scratch database per plugin, dropped at the end), with
  the permission framework off and logging at \`warn\`. The bench calls them with a static external-access
  token (a service principal) through one HTTP client. The scheduler service is the bench's: it runs a
  scheduled task only when the bench asks and times the task function itself, so no polling interval or
  initial delay is counted.
- **This project.** \`@prodready/plugin-readiness-backend\` with its integrations module and
  \`uncompressedCatalogServiceFactory\` (its catalog reads ask for uncompressed replies), as the demo portal
  runs them. *Full run, cold*: the first run on an empty database (reads the scored kinds and the group tree in pages, and the users a scorecard names by ref; scores every
  entity against the whole model — ${
    run.modelChecks
  } checks, not ten — stores scorecards, the group and System rollups
  and the day's snapshot). *Nothing changed*: the runs after it (median of ${
    first?.runs ?? 0
  }). *Single entity*:
  \`GET /api/readiness/entities/:kind/:namespace/:name?etag=\` with the entity's catalog etag, as the
  entity page sends it (the bench reads the etags from the catalog first, unmeasured). The first read of
  an entity builds its scorecard's detail: since the catalog lets the caller read every entity and the etag is
  the stored scorecard's, it reads the entity's body from the catalog in one request with what scoring looks
  up (owner, System, role holders), not for the caller as well. Read again,
  the kept detail is served from one query, without a catalog request, since the catalog lets the
  caller read every entity (with a conditional catalog policy the read asks the catalog each time).
  *Freshness pass*: the plugin's scheduled pass (every minute by default) after the full runs, once (it
  records the catalog facts of every entity it reads) and then ${
    first?.runs ?? 0
  } times with nothing changed (median): it reads the ref and etag of every
  entity but the users (one joining or leaving changes their groups) from
  the catalog and the bodies of those changed. It is what keeps scorecards within two minutes
  of a catalog edit, so its cost is paid every minute; the row below it is the catalog host's CPU time over
  the pass (from \`/proc\`), beside its CPU time over Tech Insights' fact retrieval, the other side's
  scheduled catalog read.
- **Tech Insights.** \`@backstage-community/plugin-tech-insights-backend\` with
  \`@backstage-community/plugin-tech-insights-backend-module-jsonfc\`, one fact retriever (the ten
  annotations as boolean facts: met, and for the checks that expire, dated within their period; it asks the
  catalog for the four fields it needs in one request, as Tech Insights' own retrievers do, uncompressed as this
  project's side reads it) and ten JSON-rules
  checks (\`fact == true\`). *Fact retrieval*: the retriever's task (catalog read and storing the facts). Facts
  are kept for two weeks (\`lifecycle: { timeToLive: { weeks: 2 } }\`): with \`lifecycle: { maxItems: 1 }\`
  instead, Tech Insights prunes old facts with a window-function delete over all of them, and storing the facts
  of 1,000 entities took ten minutes in a trial on this machine.
  *Bulk run*: \`POST /api/tech-insights/checks/run\` with \`entities: []\`, which runs every check for every
  entity with facts (median of ${
    first?.runs ?? 0
  }). The same run with every ref named in one request exceeds the
  router's JSON body limit (100 kB) at 10,000 entities and is refused with 413; the table shows that
  request's answer, and the run in requests of ${count(
    first?.techInsights.explicitBatched.batchSize ?? 0,
  )} refs.
  *Single entity*: \`POST /api/tech-insights/checks/run/:namespace/:kind/:name\`.
- **Reads.** ${
    first?.reads ?? 0
  } sequential requests per side, one client, to the same entities spread over the
  three kinds, after 20 unmeasured ones; then this project's side reads them all again.
- **Memory.** Resident set size of each side's process from \`/proc\`: right after start, and its peak
  (\`VmHWM\`) at the end of its phase. The catalog and the bench's generator are other processes.

### Versions

Tech Insights is installed only for this bench, in its own workspace
([bench/compare/tech-insights/package.json](../bench/compare/tech-insights/package.json), not one of the
repository's workspaces, so no plugin depends on it and \`npm ci\` does not install it; the bench runs
\`npm ci\` there on first use). \`plugin-tech-insights-backend\` 3.1.0 and
\`plugin-tech-insights-backend-module-jsonfc\` 0.10.0 are the newest releases, published together (both on
\`plugin-tech-insights-node\` ^2.9.0 and \`-common\` ^0.11.0). They are built for
\`@backstage/backend-plugin-api\` ^1.10.0, which this repository's 1.12.0 satisfies, so they run in a backend
of the repository's \`@backstage/backend-defaults\` 0.19.0 (pinned there, with backend-plugin-api 1.12.0);
their own ranges install \`backend-defaults\` 0.17.x (the router's error middleware) and
\`plugin-catalog-node\` 2.x (the JSON-rules module's catalog service) beside them. They declare no Node engine
and run on Node 20. The older 2.7.0 line is built for older Backstage (\`backend-plugin-api\` ^1.9.1,
\`backend-defaults\` ^0.17.1) and pulls \`@backstage/backend-test-utils\` in at run time; the same router and
fact checker, so nothing in it would change the comparison.
${MARK_END}`;
}

/** Rewrites the bench's section of the document (creating the document when it is missing). */
export function writeDoc(run: BenchRun, file: string, chart: ChartOutcome) {
  const body = section(run, chart);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const start = current.indexOf(MARK_START);
  const end = current.indexOf(MARK_END);
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + body + current.slice(end + MARK_END.length)
      : `${current || '# Benchmarks\n'}\n${body}\n`;
  // Formatted as `prettier --check .` expects (prettier 2 ships no types).
  const prettier: {
    format(text: string, options: object): string;
    resolveConfig: { sync(file: string): object | null };
  } = require('prettier');
  const options = { ...prettier.resolveConfig.sync(file), filepath: file };
  writeFileSync(file, prettier.format(next, options));
  console.log(`Wrote ${file}`);
}
