import { Entity } from '@backstage/catalog-model';
import {
  EntityScorecard,
  EntitySummary,
  nextOwnExpiryOf,
  RollupMember,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import {
  encodeCheckStatuses,
  encodeSummaryStatuses,
} from '../database/checkStatusCodes';
import {
  FingerprintBasis,
  RecordTable,
  ScorecardRowInput,
  StoredScorecard,
} from '../database/ReadinessStore';
import { sha1Hex } from './sha1';

/*
 * A stored scorecard's fingerprint tells whether a scorecard built again on
 * read (its detail) is the one stored; a kept detail counts only while the
 * row has the fingerprint it was kept for. Two kinds:
 *
 * - a full run summarises the entity without building its scorecard and
 *   stores its input fingerprint: the row's fingerprint hashes what the row
 *   holds and that input fingerprint, so any change of input (evidence that
 *   moves no status included) gives another one and hides the kept detail;
 * - a write or a read recomputes one entity, stores no input fingerprint
 *   and hashes the full scorecard (about 16 KB of JSON, fine for one).
 */

/** The hash of the parts one after the other (as a Hash object updated with each). */
const sha1 = (...parts: string[]) => sha1Hex(parts.join(''));

type RowContent = Pick<ScorecardRowInput, 'member' | 'title' | 'checks'>;

/**
 * An expiry as the row stores it: ISO instants of four-digit years, whose
 * order as text (the listing's filter and sort) is their order in time.
 */
const storedExpiry = (iso: string | undefined) =>
  iso && /^\d{4}-/.test(iso) ? { nextExpiry: iso } : {};

/** The fingerprint of a full run's row: what it holds, its etag and input fingerprint. */
const summaryFingerprint = (
  row: RowContent,
  entityEtag: string | undefined,
  inputFingerprint: string,
) =>
  sha1(
    JSON.stringify([row.member, row.title ?? null, row.checks]),
    entityEtag ?? '',
    inputFingerprint,
  );

/** What a row holds of a scorecard computed in full. */
function contentOf(
  scorecard: EntityScorecard,
  member: RollupMember = toRollupMember(scorecard),
): RowContent {
  const content: RowContent = {
    member,
    checks: encodeCheckStatuses(scorecard.checks),
  };
  if (scorecard.title !== undefined) content.title = scorecard.title;
  return content;
}

/** The row of a scorecard computed in full (a write or a read). */
export function toScorecardRow(
  scorecard: EntityScorecard,
  entityEtag: string | undefined,
  member?: RollupMember,
): ScorecardRowInput {
  return {
    ...contentOf(scorecard, member),
    ...storedExpiry(nextOwnExpiryOf(scorecard.checks)),
    computedAt: scorecard.computedAt,
    entityEtag,
    fingerprint: sha1(
      JSON.stringify({ ...scorecard, computedAt: undefined }),
      entityEtag ?? '',
    ),
  };
}

/** The row of an entity a full run summarised, with the inputs it was scored from. */
export function toSummaryRow(
  summary: EntitySummary,
  entity: Entity,
  computedAt: string,
  input: {
    fingerprint: string;
    basis: FingerprintBasis;
    records?: RecordTable[];
  },
): ScorecardRowInput {
  const entityEtag = entity.metadata.etag;
  const content: RowContent = {
    member: summary.member,
    checks: encodeSummaryStatuses(summary),
  };
  if (summary.title !== undefined) content.title = summary.title;
  return {
    ...content,
    ...storedExpiry(summary.nextExpiry),
    computedAt,
    entityEtag,
    fingerprint: summaryFingerprint(content, entityEtag, input.fingerprint),
    inputFingerprint: input.fingerprint,
    inputBasis: input.basis,
    ...(input.records ? { inputRecords: input.records } : {}),
  };
}

/**
 * Whether `scorecard`, built again from the stored inputs at the stored
 * instant, is the stored one: then its detail may be kept for later reads.
 */
export function isStoredScorecard(
  scorecard: EntityScorecard,
  entityEtag: string | undefined,
  stored: StoredScorecard,
): boolean {
  const row = toScorecardRow(scorecard, entityEtag);
  // The full-scorecard hash is also what full runs stored before they
  // summarised: those rows keep their detail without a recomputation.
  if (row.fingerprint === stored.fingerprint) return true;
  return (
    stored.inputFingerprint !== undefined &&
    summaryFingerprint(row, entityEtag, stored.inputFingerprint) ===
      stored.fingerprint
  );
}
