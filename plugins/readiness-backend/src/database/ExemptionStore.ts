import type { ReadinessExemption } from '@prodready/plugin-readiness-common';
import type { ExemptionInput } from './exemptionTable';
import type { RefSelection } from './storeRows';
import type { StoreTransaction } from './ReadinessStore';

/**
 * The store's exemptions (waivers): requests, decisions and ends, each
 * decision at an expected version.
 */
export interface ExemptionStore {
  /** Open exemptions (pending, or approved with their end not recorded) of each entity. */
  getOpenExemptions(
    entities: RefSelection,
    tx?: StoreTransaction,
  ): Promise<Map<string, ReadinessExemption[]>>;
  /** Every exemption of an entity, newest request first. */
  listExemptions(entityRef: string): Promise<ReadinessExemption[]>;
  getExemption(
    id: string,
    tx?: StoreTransaction,
  ): Promise<ReadinessExemption | undefined>;
  /** Open exemptions and those decided since `since`, of each entity. */
  getNoticeExemptions(
    entityRefs: string[],
    since: string,
  ): Promise<Map<string, ReadinessExemption[]>>;
  /** Records a request; ConflictError when the check has an open exemption. */
  requestExemption(
    tx: StoreTransaction,
    entityRef: string,
    input: ExemptionInput,
    actor: string,
  ): Promise<ReadinessExemption>;
  /** Approves or rejects a pending exemption at `expectedVersion`; ConflictError otherwise. */
  decideExemption(
    tx: StoreTransaction,
    id: string,
    decision: 'approved' | 'rejected',
    actor: string,
    expectedVersion: number,
    note?: string,
  ): Promise<ReadinessExemption>;
  /** Records (once) the end of approved exemptions whose end day is on or before `today`. */
  recordEndedExemptions(
    today: string,
    actor: string,
    of?: { entityRef: string; checkId: string },
  ): Promise<ReadinessExemption[]>;
  /**
   * The ids of up to `limit` exemptions that are over: rejected before
   * `before.at` (ISO), or ended (recorded) with an end day before
   * `before.day`. Never an open one.
   */
  findExemptionsOver(
    before: { at: string; day: string },
    limit: number,
  ): Promise<string[]>;
  /** Deletes those of `ids` still over before `before`; returns how many went. */
  deleteExemptionsOver(
    ids: string[],
    before: { at: string; day: string },
  ): Promise<number>;
  /** Replaces every exemption with a backup's, as they were, recording the history. */
  importExemptions(
    tx: StoreTransaction,
    exemptions: ReadinessExemption[],
    actor: string,
  ): Promise<number>;
}
