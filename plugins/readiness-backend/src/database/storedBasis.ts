import {
  FingerprintBasis,
  KeptBasis,
  RECORD_TABLES,
  RecordTable,
} from './ReadinessStore';

/**
 * A fingerprint basis as stored: its refs and next expiry only. Its etag,
 * kind and System are those of the scorecard it is stored with (the
 * `entity_etag`, `kind` and `system_ref` columns), so they are not repeated.
 */
interface StoredBasis {
  refs: string[];
  /** See FingerprintBasis.flat; absent when 0. */
  flat?: number;
  /** The next instant an annotated answer expires, if one does. */
  next?: number;
  /** The record tables the scorecard was scored from rows of, when known. */
  records?: RecordTable[];
}

export function basisJson(
  basis: FingerprintBasis,
  records?: RecordTable[],
): string {
  const stored: StoredBasis = { refs: basis.refs };
  if (basis.flat) stored.flat = basis.flat;
  if (basis.expiries.length) stored.next = Math.min(...basis.expiries);
  if (records) stored.records = records;
  return JSON.stringify(stored);
}

/** The basis kept with a scorecard row, and its record tables; none without an etag to compare. */
export function keptBasisOf(row: {
  input_basis: string | null;
  entity_etag: string | null;
  kind: string;
  system_ref: string | null;
}): KeptBasis {
  if (!row.input_basis || !row.entity_etag) return {};
  const stored: StoredBasis = JSON.parse(row.input_basis);
  const kept: KeptBasis = {
    inputBasis: {
      etag: row.entity_etag,
      kind: row.kind,
      ...(row.system_ref ? { system: row.system_ref } : {}),
      refs: stored.refs,
      ...(stored.flat ? { flat: stored.flat } : {}),
      expiries: stored.next ? [stored.next] : [],
    },
  };
  // A name this version does not know is a table it cannot tell about.
  if (stored.records?.every(name => RECORD_TABLES.includes(name))) {
    kept.inputRecords = stored.records;
  }
  return kept;
}
