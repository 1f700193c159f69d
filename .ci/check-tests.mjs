#!/usr/bin/env node
/*
 * Reads the report of `npm test -- --json --outputFile=<report>` and fails
 * unless the run proves what CI claims:
 *   - tests ran (`repo test` passes with none), none failed, and none was
 *     skipped or left to do;
 *   - the PostgreSQL cases ran on the given major version: every test file
 *     with a passing SQLITE_3 case (the `describe.each(databases.
 *     eachSupportedId())` suites) has passing POSTGRES_<major> cases too, so
 *     a server version the tests do not know cannot leave them on SQLite;
 *   - the production boot (packages/backend/src/production.test.ts) ran and
 *     passed rather than being skipped.
 * Usage: node .ci/check-tests.mjs <report.json> <postgres major version>
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const [reportPath, pgMajor] = process.argv.slice(2);
if (!reportPath || !/^\d+$/.test(pgMajor ?? '')) {
  console.error('usage: check-tests.mjs <report.json> <postgres major>');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const root = process.cwd();
const problems = [];

const cases = report.testResults.flatMap(file =>
  file.assertionResults.map(test => ({
    file: path.relative(root, file.name),
    name: [...test.ancestorTitles, test.title].join(' › '),
    status: test.status,
  })),
);
const passed = cases.filter(c => c.status === 'passed');

if (report.numTotalTests === 0 || passed.length === 0) {
  problems.push('no tests ran');
}
if (
  !report.success ||
  report.numFailedTests > 0 ||
  report.numFailedTestSuites > 0 ||
  report.numRuntimeErrorTestSuites > 0
) {
  problems.push(
    `the run failed (${report.numFailedTests} failed tests, ${report.numFailedTestSuites} failed suites)`,
  );
}

// Nothing skipped or left to do counts as passed: the conditional skips
// (PostgreSQL-only suites, the production boot) do not skip with the
// database CI gives them.
const notRun = cases.filter(c =>
  ['pending', 'skipped', 'disabled', 'todo'].includes(c.status),
);
if (notRun.length) {
  problems.push(
    `${notRun.length} tests were skipped or left to do: ${notRun
      .slice(0, 10)
      .map(c => `${c.file}: ${c.name}`)
      .join('; ')}`,
  );
}

const postgresLabel = new RegExp(`\\bPOSTGRES_${pgMajor}\\b`);
const sqliteFiles = new Set(
  passed.filter(c => /\bSQLITE_3\b/.test(c.name)).map(c => c.file),
);
const postgresCases = passed.filter(c => postgresLabel.test(c.name));
const postgresFiles = new Set(postgresCases.map(c => c.file));
if (sqliteFiles.size === 0) {
  problems.push('no database test cases (SQLITE_3) ran');
}
for (const file of sqliteFiles) {
  if (!postgresFiles.has(file)) {
    problems.push(
      `${file}: its database cases ran on SQLite only, none on POSTGRES_${pgMajor}`,
    );
  }
}

const bootFile = 'packages/backend/src/production.test.ts';
const boot = cases.filter(c => c.file === bootFile);
if (boot.length === 0 || boot.some(c => c.status !== 'passed')) {
  problems.push(
    `${bootFile}: the production boot did not run and pass (${
      boot.length
    } cases: ${[...new Set(boot.map(c => c.status))].join(', ') || 'none'})`,
  );
}

if (problems.length) {
  console.error('CI test check failed:');
  for (const p of problems) console.error(`  - ${p}`);
  process.exit(1);
}
console.log(
  `CI test check: ${passed.length} tests passed; PostgreSQL ${pgMajor}: ${postgresCases.length} cases in ${postgresFiles.size} files; production boot: ${boot.length} cases`,
);
