/*
 * What the store reads and writes besides the shared model's types: its
 * rows, snapshot lines, fingerprint bases and the filters of its listings.
 */
import {
  CheckStatus,
  ReadinessAnswer,
  RollupKind,
  RollupMember,
  EntityScorecard,
  HistoryEntry,
} from '@prodready/plugin-readiness-common';

/**
 * A stored, precomputed scorecard: what rollups and lists need, the status
 * of each check, and the full scorecard when its detail was kept (see
 * {@link ReadinessStore.putScorecardDetail}).
 */
export interface StoredScorecard {
  member: RollupMember;
  title?: string;
  entityEtag?: string;
  /** Tells whether a scorecard built again on read is this one (see scorecardRow). */
  fingerprint: string;
  /** Hash of the inputs it was scored from, when a full run scored it. */
  inputFingerprint?: string;
  computedAt: string;
  /** The status of every check, by check id. */
  checks: Record<string, CheckStatus>;
  /**
   * The full scorecard's JSON text without computedAt, if its detail was kept
   * since it was computed (see {@link keptScorecardOf}).
   */
  detailJson?: string;
  /** What its input fingerprint took from the entity's body, when no detail is kept. */
  inputBasis?: FingerprintBasis;
  /** The record tables it was scored from rows of, when no detail is kept and a full run scored it. */
  inputRecords?: RecordTable[];
}

/** The full scorecard kept with a stored scorecard, if any, as of `computedAt`. */
export function keptScorecardOf(
  stored: StoredScorecard | undefined,
  computedAt = stored?.computedAt,
): EntityScorecard | undefined {
  if (!stored?.detailJson) return undefined;
  return { ...JSON.parse(stored.detailJson), computedAt };
}

/** A scorecard's detail as kept: its JSON text without computedAt (a column of the scorecard). */
export const detailJsonOf = (scorecard: EntityScorecard) =>
  JSON.stringify({ ...scorecard, computedAt: undefined });

/** A kept detail's JSON text with `computedAt` added last. */
const withComputedAt = (detail: string, computedAt: string) => {
  const separator = detail === '{}' ? '' : ',';
  return `${detail.slice(0, -1)}${separator}"computedAt":${JSON.stringify(
    computedAt,
  )}}`;
};

/**
 * The JSON text of {@link keptScorecardOf}'s scorecard, written without
 * parsing the kept detail (~16 KB): a read sends it as it is.
 */
export function keptScorecardJson(
  stored: StoredScorecard,
  computedAt = stored.computedAt,
): string | undefined {
  const detail = stored.detailJson;
  if (!detail) return undefined;
  // A detail moved by the compact_scorecards migration holds its computedAt.
  if (detail.includes('"computedAt":')) {
    return JSON.stringify(keptScorecardOf(stored, computedAt));
  }
  return withComputedAt(detail, computedAt);
}

/**
 * A scorecard's JSON text as {@link keptScorecardJson} gives it once its
 * detail is kept: the same text, so the same ETag and the same kept encoding,
 * whether a read built the detail or found it kept.
 */
export const scorecardJsonOf = (scorecard: EntityScorecard) =>
  withComputedAt(detailJsonOf(scorecard), scorecard.computedAt);

/** What a snapshot row is of: an entity's scorecard or a rollup. */
export type SnapshotKind = 'entity' | RollupKind;

/** An entity's line of a daily snapshot. */
export interface SnapshotEntity {
  ref: string;
  owner?: string;
  title?: string;
  score: number | null;
  level: string | null;
}

/** The tables of stored records an entity is scored from (see `storedInputsOf`). */
export const RECORD_TABLES = [
  'answers',
  'roles',
  'results',
  'costs',
  'exemptions',
] as const;

export type RecordTable = (typeof RECORD_TABLES)[number];

/** The record table a history entry's subject is kept in. */
export const RECORD_TABLE_OF_SUBJECT: Record<
  HistoryEntry['subject'],
  RecordTable
> = {
  answer: 'answers',
  role: 'roles',
  result: 'results',
  'cost-table': 'costs',
  exemption: 'exemptions',
};

/** An entity whose records were written, and the tables they are in. */
export interface ChangedEntity {
  ref: string;
  tables: RecordTable[];
}

/** What the input fingerprint takes from an entity's body (see `InputFingerprints.basisOf`). */
export interface FingerprintBasis {
  /** The catalog etag, or a hash of the fields read when there is none. */
  etag: string;
  /** Lower case: which staged checks apply. */
  kind: string;
  /** The System it is part of, which hands readiness down. */
  system?: string;
  /** What it refers to: owner, dependencies, holders of its annotated roles. */
  refs: string[];
  /**
   * How many of `refs`, first, are no role holder (owner, dependencies):
   * scoring asks only whether they exist, not who their members are.
   * Absent in bases kept before it was: then any may be a holder.
   */
  flat?: number;
  /** When its annotated answers expire after the time it was taken (the next one at least), in milliseconds. */
  expiries: number[];
}

/** A scorecard to store. */
export interface ScorecardRowInput {
  member: RollupMember;
  title?: string;
  /** The status of each check, in their compact form (see checkStatusCodes). */
  checks: string;
  computedAt: string;
  entityEtag?: string;
  /** Tells whether a scorecard built again on read is this one (see scorecardRow). */
  fingerprint: string;
  /** When the first of the entity's own answers expires, or expired (ISO). */
  nextExpiry?: string;
  /** Hash of the inputs it was scored from; absent means "score again". */
  inputFingerprint?: string;
  /** What that hash took from the entity's body (stored with it). */
  inputBasis?: FingerprintBasis;
  /**
   * The record tables that held rows of the entity or its System when it
   * was scored (stored with the basis): building its detail reads those
   * alone. Absent: not known, all are read.
   */
  inputRecords?: RecordTable[];
}

/**
 * Every ref from `from` to `to`, both included, in the database's order of
 * the ref column: what a page of a table read in that order covers. One
 * range scan reads another table's rows for it, where a list of the same
 * refs costs an index probe each.
 */
export interface RefRange {
  from: string;
  to: string;
}

/** Entities named one by one, or a range of refs. */
export type RefSelection = string[] | RefRange;

/** What a full run needs of a stored scorecard in a page's transaction: whether scoring moved it, and its snapshot line. */
export interface StoredScorecardInputs {
  /** The stored scorecard's fingerprint (see scorecardRow). */
  fingerprint: string;
  /** Hash of the inputs it was scored from, if known. */
  inputFingerprint?: string;
  /** What that hash took from the entity's body, if kept. */
  inputBasis?: FingerprintBasis;
  /** The record tables it was scored from rows of, if kept with the basis. */
  inputRecords?: RecordTable[];
  /** Its line of a daily snapshot. */
  snapshot: SnapshotEntity;
  /** When it was scored (ISO). */
  computedAt: string;
  /** The catalog etag of the body it was scored from. */
  entityEtag?: string;
}

/** What a stored scorecard says of the inputs it was scored from. */
export type StoredFingerprint = Pick<
  StoredScorecardInputs,
  'inputFingerprint' | 'inputBasis' | 'inputRecords'
>;

/** What a scorecard row keeps beside its input fingerprint (`input_basis`). */
export type KeptBasis = Pick<
  StoredScorecardInputs,
  'inputBasis' | 'inputRecords'
>;

/** A basis to keep with the row that has `inputFingerprint` (see `putInputBases`). */
export type BasisToKeep = KeptBasis & {
  inputBasis: FingerprintBasis;
  inputFingerprint: string;
};

/** A page of stored scorecards' input fingerprints in ref order, and the range of refs it covers. */
export interface StoredScorecardInputsPage {
  range: RefRange;
  inputs: Map<string, StoredFingerprint>;
}

/**
 * What the freshness pass recorded of a catalog entity: the etag it read,
 * its lifecycle, and a hash of its place in the rollup tree or as an owner
 * or role holder (null when only its lifecycle matters to others).
 */
export interface CatalogFacts {
  entityRef: string;
  etag: string | null;
  lifecycle: string | null;
  shape: string | null;
}

/** Filters of a scorecard listing. */
/** Which stored scorecards a list or an export holds. */
export interface ScorecardFilter {
  /** Only these entities. */
  entityRefs?: string[];
  owners?: string[];
  system?: string;
  domain?: string;
  kind?: string;
  lifecycle?: string;
  search?: string;
  /** Only entities with an own answer that expires before this instant (ISO), or expired. */
  expiringBefore?: string;
}

/** A page of stored scorecards, filtered and sorted. */
export interface ScorecardQuery extends ScorecardFilter {
  sort?: 'score' | 'title' | 'entityRef' | 'nextExpiry';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** Filters of a rollup listing. */
export interface RollupQuery {
  kind: RollupKind;
  /** Only children of this parent; `null` for roots. */
  parent?: string | null;
  search?: string;
  sort?: 'score' | 'title' | 'ref';
  order?: 'asc' | 'desc';
  limit: number;
  offset: number;
}

/** An automatic result pushed through `POST /results`. */
export interface PushedResult {
  entityRef: string;
  checkId: string;
  status: ReadinessAnswer['status'];
  evidenceUrl?: string;
  note?: string;
}
