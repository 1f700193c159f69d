import type {
  Campaign,
  NotificationsConfig,
  ReadinessExemption,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { sha1Hex } from '../sha1';
import type { storedInputsOf } from '../scoringInputs';

/** The stored records of a set of entities, by table and ref. */
export type StoredRecords = Awaited<ReturnType<typeof storedInputsOf>>;

/*
 * An entity's notices are a pure function of its scorecard, its campaigns,
 * exemptions and previous level, the model, the configuration and the
 * clock. Most of what depends on the clock counts whole UTC days
 * (campaigns end on a day, exemptions too, the previous level is a day's
 * snapshot), hence the day in the key; what changes at a time of day (an
 * answer expires at the time it was given) each kind names (`changesAt`),
 * and the sweep keeps the first such instant beside the key. The stored
 * scorecard's fingerprint changes with everything the scorecard is made
 * from (a full run's with its inputs, a write's with the scorecard
 * itself); the stored records it is scored from are in the key as they
 * are now, as a restore or an import changes them before any run scores
 * the entity again. So two evaluations with the same key before that
 * instant find the same notices, and the second need not read the entity
 * or score it.
 */

/** What every entity's key shares within one pass. */
export function passKeyOf(parts: {
  /** {@link settingsKeyOf}, once per sweep. */
  settings: string;
  now: Date;
  snapshotDay?: string;
  campaigns: Iterable<Campaign>;
}): string {
  const campaigns = [...parts.campaigns].sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  return sha1Hex(
    JSON.stringify([
      parts.settings,
      parts.now.toISOString().slice(0, 10),
      parts.snapshotDay ?? null,
      campaigns,
    ]),
  );
}

/** The model and the notices' configuration, hashed once per sweep. */
export function settingsKeyOf(
  model: ReadinessModel,
  config: NotificationsConfig,
): string {
  return sha1Hex(JSON.stringify([model, config]));
}

/**
 * The stored records of `ref` (answers, roles, results, cost table, open
 * exemptions) as one hash, whatever order the store gave them in. What a
 * System hands down is hashed as the full run does (`recordsKeyOf` in
 * inputFingerprint.ts).
 */
export function ownRecordsKeyOf(records: StoredRecords, ref: string): string {
  const sorted = (items: unknown[] | undefined) =>
    (items ?? []).map(item => JSON.stringify(item)).sort();
  return sha1Hex(
    JSON.stringify([
      sorted(records.answers.get(ref)),
      sorted(records.roles.get(ref)),
      sorted(records.results.get(ref)),
      records.costs.get(ref) ?? null,
      sorted(records.exemptions.get(ref)),
    ]),
  );
}

/** One entity's key in a pass: what its notices are made from besides the pass's. */
export function evaluationKeyOf(
  passKey: string,
  entity: {
    /** The stored scorecard's fingerprint. */
    fingerprint: string;
    /** {@link ownRecordsKeyOf} the entity, and the hash of what its System hands down. */
    records: string;
    systemRecords?: string;
    campaigns?: { campaignId: string; done: boolean }[];
    previousLevel?: string | null;
    exemptions?: ReadinessExemption[];
  },
): string {
  const exemptions = [...(entity.exemptions ?? [])].sort((a, b) =>
    a.id.localeCompare(b.id),
  );
  return sha1Hex(
    JSON.stringify([
      passKey,
      entity.fingerprint,
      entity.records,
      entity.systemRecords ?? null,
      (entity.campaigns ?? []).map(c => [c.campaignId, c.done]),
      // No line in the snapshot (undefined) is not a line below every level (null).
      entity.previousLevel === undefined ? [] : [entity.previousLevel],
      exemptions,
    ]),
  );
}
