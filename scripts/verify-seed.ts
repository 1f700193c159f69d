/*
 * npm run verify:seed -- <seed markdown> [--revision <commit>]
 *
 * Fails (exit 1) when the seed index of the readiness model
 * (plugins/readiness-common/src/model/seed) names a section or item the
 * document does not have, or when a section, numbered item or bullet of the
 * document is not in the index. Compares with the seed revision unless
 * --revision names another one of the index.
 */
import { readFileSync } from 'fs';
import { seedIndex } from '../plugins/readiness-common/src/model/seed';
import { verifySeedDocument } from '../plugins/readiness-common/src/model/seed/verify';

const USAGE =
  'usage: npm run verify:seed -- <seed markdown> [--revision <commit>]';

function fail(message: string): never {
  process.stderr.write(`verify:seed: ${message}\n`);
  process.exit(1);
}

const args = process.argv.slice(2);
const revisionFlag = args.indexOf('--revision');
const revisionId =
  revisionFlag >= 0 ? args[revisionFlag + 1] : seedIndex.seedRevision;
const paths = args.filter(
  (_, i) => revisionFlag < 0 || (i !== revisionFlag && i !== revisionFlag + 1),
);
if (paths.length !== 1 || !revisionId) {
  fail(USAGE);
}
const revision = seedIndex.revisions.find(r => r.id === revisionId);
if (!revision) {
  fail(
    `the seed index has no revision ${revisionId} (it has ${seedIndex.revisions
      .map(r => r.id)
      .join(', ')})`,
  );
}

let markdown: string;
try {
  markdown = readFileSync(paths[0], 'utf8');
} catch (error) {
  fail(`cannot read ${paths[0]}: ${(error as Error).message}`);
}

const problems = verifySeedDocument(markdown, revision);
if (problems.length > 0) {
  const other = seedIndex.revisions.find(
    r => r !== revision && verifySeedDocument(markdown, r).length === 0,
  );
  fail(
    [
      `${paths[0]} and revision ${revision.id} of the seed index differ:`,
      ...problems.map(p => `  - ${p}`),
      other
        ? `The document matches revision ${other.id}: pass --revision ${other.id}.`
        : 'Update the index (plugins/readiness-common/src/model/seed) and the checks tracing to it.',
    ].join('\n'),
  );
}
const entries = revision.entries.length;
process.stdout.write(
  `verify:seed: ${paths[0]} matches revision ${revision.id} of the seed index (${revision.sections.length} sections, ${entries} entries)\n`,
);
