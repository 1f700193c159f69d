import { Knex } from 'knex';
import { importedVersion, sameRecord } from './importedVersion';
import { chunks, keysetPages } from './storeDatabase';

/** Stored rows read per statement while a table is replaced. */
const READ_PAGE = 1000;
/** Rows written per insert: well below SQLite's variable limit. */
const WRITE_ROWS = 100;

/** One change an import makes to a stored record. */
export interface RecordChange<T> {
  action: 'import' | 'delete';
  before: T | null;
  after: T | null;
}

/** How the records of one table are stored and told apart. */
export interface RecordTable<Row, T> {
  table: string;
  /** The primary key's columns: the stored rows are read in their order. */
  key: readonly string[];
  keyOf: (record: T) => string;
  toRecord: (row: Row) => T;
  fromRecord: (record: T) => Row;
}

/**
 * Replaces every row of a table with `incoming`, in the caller's
 * transaction. The stored rows are read a page at a time in key order, so
 * memory holds the import and one page, however large the table. Each
 * incoming record is stored at the version {@link importedVersion} gives it
 * beside the stored record of its key; `record` is given every change a
 * page at a time: an incoming record that says otherwise than the stored
 * one, or is new here, as imported (with what it replaced), and a stored
 * one the import lacks as deleted. A record stored as the import has it is
 * no change: a restore retried adds nothing to the history. Returns the
 * incoming records as stored.
 */
export async function replaceRecords<
  Row extends Record<string, unknown>,
  T extends { version: number },
>(
  tx: Knex.Transaction,
  spec: RecordTable<Row, T>,
  incoming: readonly T[],
  record: (changes: RecordChange<T>[]) => Promise<void>,
): Promise<T[]> {
  // Compared as the store reads it back (an empty note reads as none).
  const asRead = (r: T) => spec.toRecord(spec.fromRecord(r));
  const indexOf = new Map(incoming.map((r, i) => [spec.keyOf(r), i]));
  const stored: (T | undefined)[] = new Array(incoming.length);
  for await (const rows of keysetPages<Row>(
    tx,
    spec.table,
    spec.key,
    READ_PAGE,
  )) {
    const changes: RecordChange<T>[] = [];
    for (const row of rows) {
      const before = spec.toRecord(row);
      const i = indexOf.get(spec.keyOf(before));
      if (i === undefined) {
        changes.push({ action: 'delete', before, after: null });
        continue;
      }
      const imported = asRead(incoming[i]);
      const same = sameRecord(before, imported);
      const after = {
        ...incoming[i],
        version: importedVersion(imported.version, {
          version: before.version,
          same,
        }),
      };
      stored[i] = after;
      if (!same) changes.push({ action: 'import', before, after });
    }
    await record(changes);
  }
  // The records new here, recorded a page at a time as well.
  let added: RecordChange<T>[] = [];
  for (let i = 0; i < incoming.length; i++) {
    if (stored[i]) continue;
    const after = {
      ...incoming[i],
      version: importedVersion(asRead(incoming[i]).version, undefined),
    };
    stored[i] = after;
    added.push({ action: 'import', before: null, after });
    if (added.length === READ_PAGE) {
      await record(added);
      added = [];
    }
  }
  if (added.length) await record(added);

  await tx(spec.table).delete();
  const all = stored as T[];
  for (const part of chunks(all, WRITE_ROWS)) {
    await tx(spec.table).insert(part.map(spec.fromRecord));
  }
  return all;
}
