import { isDeepStrictEqual } from 'util';

/**
 * The version a record of a backup is stored at. A version tells an editor
 * that what they saw is what is stored; numbers differ between portals (and
 * start again once the history of a deleted record is gone), so the file's
 * number alone can name other
 * content than a stored record of the same key. A record stored with other
 * content is replaced at a version past it (an editor who saw the stored one
 * is told of the change, not overwritten); one stored as the backup has it
 * keeps its version; a record new here keeps the file's.
 */
export function importedVersion(
  fileVersion: number,
  stored: { version: number; same: boolean } | undefined,
): number {
  if (!stored) return fileVersion;
  const version = Number(stored.version);
  return stored.same ? version : Math.max(fileVersion, version + 1);
}

/** What a record says as JSON carries it: fields left undefined and key order aside. */
const said = (record: object) => JSON.parse(JSON.stringify(record));

/**
 * Whether a stored record and an imported one say the same, their versions
 * aside: whether the import keeps the stored version.
 */
export function sameRecord<T extends { version: number }>(
  stored: T,
  imported: T,
): boolean {
  const { version: _stored, ...was } = stored;
  const { version: _imported, ...now } = imported;
  return isDeepStrictEqual(said(was), said(now));
}

/** The version `imported` is stored at, beside the stored record of its key (see {@link importedVersion}). */
export function recordVersion<T extends { version: number }>(
  stored: T | undefined,
  imported: T,
): number {
  return importedVersion(
    imported.version,
    stored && { version: stored.version, same: sameRecord(stored, imported) },
  );
}
