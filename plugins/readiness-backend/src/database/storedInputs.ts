import { basisOf } from './storedBasis';
import { SnapshotEntity, StoredScorecardInputs } from './ReadinessStore';

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
  const stored: StoredScorecardInputs = {
    fingerprint: row.fingerprint,
    snapshot,
  };
  if (row.input_fingerprint) stored.inputFingerprint = row.input_fingerprint;
  const inputBasis = basisOf(row);
  if (inputBasis) stored.inputBasis = inputBasis;
  return stored;
}
