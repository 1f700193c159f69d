import { Entity } from '@backstage/catalog-model';
import { ConflictError } from '@backstage/errors';
import {
  entityRefOf,
  HistoryEntry,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import {
  ReadinessStore,
  StoreTransaction,
} from '../../database/ReadinessStore';

/**
 * The records a check made before an entity's lock stood on: the entity's
 * own of `own`, its System's of `system` (those handed down), only those of
 * `subjectIds` when given.
 */
export interface CheckedRecords {
  own: HistoryEntry['subject'][];
  system: HistoryEntry['subject'][];
  subjectIds?: string[];
}

/**
 * Where the history of the entity's and its System's `records` stands, read
 * before a check (outside the lock); see {@link assertUnchangedSince}. Only
 * those records: another entry (an exemption's end) may commit before them
 * with a higher id.
 */
export function recordsWatermark(
  store: Pick<ReadinessStore, 'historyWatermarkOf'>,
  entity: Entity,
  records: CheckedRecords,
): Promise<number> {
  const systemRef = systemRefOf(entity);
  return store.historyWatermarkOf([
    { ref: entityRefOf(entity), subjects: records.own },
    ...(systemRef ? [{ ref: systemRef, subjects: records.system }] : []),
  ]);
}

/**
 * Refuses the write (409) when what a check made before the entity's lock
 * stood on was written since `watermark` ({@link recordsWatermark}): read
 * under the lock, which writers of the entity and of its System take.
 */
export async function assertUnchangedSince(
  store: Pick<ReadinessStore, 'writtenSince'>,
  tx: StoreTransaction,
  entity: Entity,
  watermark: number,
  records: CheckedRecords,
  what: string,
) {
  const systemRef = systemRefOf(entity);
  const changed =
    (await store.writtenSince(
      tx,
      entityRefOf(entity),
      watermark,
      records.own,
      records.subjectIds,
    )) ||
    (!!systemRef &&
      (await store.writtenSince(
        tx,
        systemRef,
        watermark,
        records.system,
        records.subjectIds,
      )));
  if (changed) {
    throw new ConflictError(
      `${what} changed while this request was checked; try again`,
    );
  }
}
