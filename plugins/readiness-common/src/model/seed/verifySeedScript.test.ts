import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join, resolve } from 'path';
import {
  readSeedDocument,
  SEED_DOCUMENT_PATH,
} from '../../__testUtils__/seedDocument';

// `npm run verify:seed -- <document>` as CI runs it: a child process whose
// exit status and output are what CI sees.
const script = resolve(__dirname, '../../../../../scripts/verify-seed.ts');

function verifySeed(...args: string[]) {
  const run = spawnSync(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      script,
      ...args,
    ],
    { encoding: 'utf8' },
  );
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run verify:seed', () => {
  const seed = readSeedDocument();
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'verify-seed-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('passes on the seed', () => {
    const run = verifySeed(SEED_DOCUMENT_PATH);
    expect(run).toEqual({
      status: 0,
      stdout: expect.stringContaining('matches revision f0191064'),
      stderr: '',
    });
  });

  it('fails on a document missing an item, naming it', () => {
    const path = write('missing.md', seed.replace(/^11\. .*\n/m, ''));
    const run = verifySeed(path);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(
      'the index names item 11 of "# Quick Checklist (for IBM Cloud)", which the document does not have',
    );
  });

  it('fails on a document with an extra item, naming its line', () => {
    const path = write('extra.md', `${seed.trimEnd()}\n16. Celebrate.\n`);
    const run = verifySeed(path);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /the document has item 16 in "# Quick Checklist \(for IBM Cloud\)" \(line \d+\) that the index does not list/,
    );
  });

  it('fails clearly without a document, or on a revision the index lacks', () => {
    expect(verifySeed()).toEqual({
      status: 1,
      stdout: '',
      stderr: expect.stringContaining(
        'usage: npm run verify:seed -- <seed markdown>',
      ),
    });
    const run = verifySeed(SEED_DOCUMENT_PATH, '--revision', 'abc123');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('the seed index has no revision abc123');
    expect(verifySeed(join(dir, 'absent.md')).stderr).toContain('cannot read');
  });

  it('compares with another revision when asked, and says which one a document matches', () => {
    const run = verifySeed(SEED_DOCUMENT_PATH, '--revision', 'd684a747');
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('The document matches revision f0191064');
  });
});
