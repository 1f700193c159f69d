import fs from 'fs';
import path from 'path';

/*
 * During a rolling deploy the instances of the previous release read and
 * write the tables while the new release's migrations have already run. A
 * migration's `up` may therefore only add (tables, nullable columns,
 * indexes) or replace indexes; removing or renaming a table or a column
 * takes two releases: one that stops using it, then one that drops it. The
 * last migration that did otherwise is named in the backend README
 * (_Upgrading_), which tells adopters to stop the old instances first.
 */
const MIGRATIONS = path.join(__dirname, '..', '..', 'migrations');
const LAST_DESTRUCTIVE = '20261204000000_compact_scorecards.js';
const DESTRUCTIVE =
  /\b(dropColumns?|renameColumn|dropTable(IfExists)?|renameTable)\b|\b(DROP\s+(COLUMN|TABLE)|RENAME\s+(COLUMN|TO))\b|\bALTER\s+COLUMN\b[^;]*\bNOT\s+NULL\b/i;

const later = fs
  .readdirSync(MIGRATIONS)
  .filter(file => file.endsWith('.js') && file > LAST_DESTRUCTIVE)
  .sort();

describe('the migrations after the last one that removed what an earlier release uses', () => {
  it('are there to check', () => {
    expect(later.length).toBeGreaterThan(0);
    expect(fs.existsSync(path.join(MIGRATIONS, LAST_DESTRUCTIVE))).toBe(true);
  });

  it.each(later)('%s only adds in its up', file => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const migration = require(path.join(MIGRATIONS, file));
    const up: string = migration.up.toString();
    expect(up.match(DESTRUCTIVE)?.[0]).toBeUndefined();
  });
});
