import { keptBasisOf } from './storedBasis';
import {
  SnapshotEntity,
  StoredFingerprint,
  StoredScorecardInputs,
} from './ReadinessStore';

/** The columns a full run decides from, and a day's snapshot line takes. */
export const INPUT_COLUMNS = [
  'entity_ref',
  'fingerprint',
  'input_fingerprint',
  'input_basis',
  'entity_etag',
  'kind',
  'system_ref',
  'owner_ref',
  'title',
  'score',
  'level',
  'computed_at',
] as const;

export type InputRow = Record<(typeof INPUT_COLUMNS)[number], any>;

export function inputsOf(row: InputRow): StoredScorecardInputs {
  const snapshot: SnapshotEntity = {
    ref: row.entity_ref,
    owner: row.owner_ref ?? undefined,
    title: row.title ?? undefined,
    score: row.score === null ? null : Number(row.score),
    level: row.level ?? null,
  };
  return {
    fingerprint: row.fingerprint,
    snapshot,
    computedAt: row.computed_at,
    ...(row.entity_etag ? { entityEtag: row.entity_etag } : {}),
    ...fingerprintOf(row),
  };
}

/** The columns whether an entity changed is decided from. */
export const FINGERPRINT_COLUMNS = [
  'entity_ref',
  'input_fingerprint',
  'input_basis',
  'entity_etag',
  'kind',
  'system_ref',
] as const;

export type FingerprintRow = Record<(typeof FINGERPRINT_COLUMNS)[number], any>;

export function fingerprintOf(row: FingerprintRow): StoredFingerprint {
  const stored: StoredFingerprint = keptBasisOf(row);
  if (row.input_fingerprint) stored.inputFingerprint = row.input_fingerprint;
  return stored;
}
