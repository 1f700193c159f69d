import { FingerprintBasis } from './ReadinessStore';

/**
 * A fingerprint basis as stored: its refs and next expiry only. Its etag,
 * kind and System are those of the scorecard it is stored with (the
 * `entity_etag`, `kind` and `system_ref` columns), so they are not repeated.
 */
interface StoredBasis {
  refs: string[];
  /** The next instant an annotated answer expires, if one does. */
  next?: number;
}

export function basisJson(basis: FingerprintBasis): string {
  const stored: StoredBasis = { refs: basis.refs };
  if (basis.expiries.length) stored.next = Math.min(...basis.expiries);
  return JSON.stringify(stored);
}

/** The basis kept with a scorecard row; none without an etag to compare. */
export function basisOf(row: {
  input_basis: string | null;
  entity_etag: string | null;
  kind: string;
  system_ref: string | null;
}): FingerprintBasis | undefined {
  if (!row.input_basis || !row.entity_etag) return undefined;
  const stored: StoredBasis = JSON.parse(row.input_basis);
  return {
    etag: row.entity_etag,
    kind: row.kind,
    ...(row.system_ref ? { system: row.system_ref } : {}),
    refs: stored.refs,
    expiries: stored.next ? [stored.next] : [],
  };
}
