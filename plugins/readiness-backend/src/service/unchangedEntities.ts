import { InheritableReadiness } from '@prodready/plugin-readiness-common';
import {
  BasisToKeep,
  FingerprintBasis,
  ReadinessStore,
  StoredScorecardInputsPage,
} from '../database/ReadinessStore';
import { InputFingerprints } from './inputFingerprint';
import { recordTablesIn, storedInputsOf } from './scoringInputs';

/**
 * The entities of a page of stored scorecards whose scorecard is still what
 * scoring would give, decided without reading their bodies: the catalog's
 * etag is the one their kept fingerprint basis was taken from, and the
 * fingerprint of that basis with today's stored records, catalog lookups
 * and clock is the stored one. The others (etag changed, no basis kept,
 * inputs changed) need their body. An unchanged scorecard stored before
 * its record tables were kept with its basis gets them now (once).
 */
export async function unchangedEntities(
  store: ReadinessStore,
  fingerprints: InputFingerprints,
  systems: Map<string, InheritableReadiness>,
  page: StoredScorecardInputsPage,
  /** The entity's etag in the catalog; undefined when it has none or is gone. */
  etagOf: (ref: string) => string | undefined,
  /**
   * Called, before any fingerprint is taken, with the refs they look up in
   * the catalog: those the bases name (while the records are read), then
   * the portal role holders.
   */
  beforeLookups?: (refs: Iterable<string>) => Promise<void>,
): Promise<Set<string>> {
  // Only an entity whose etag is the one its basis was taken from can be
  // unchanged; the others' records are read when they are scored.
  const candidates: {
    ref: string;
    basis: FingerprintBasis;
    kept: string;
    recordsKept: boolean;
  }[] = [];
  for (const [ref, stored] of page.inputs) {
    const { inputBasis: basis, inputFingerprint: kept } = stored;
    const etag = etagOf(ref);
    if (etag && kept && basis?.etag === etag) {
      candidates.push({ ref, basis, kept, recordsKept: !!stored.inputRecords });
    }
  }
  if (!candidates.length) return new Set();
  const [records] = await Promise.all([
    // The page's whole range: one scan of each table, not a probe per ref.
    storedInputsOf(store, page.range),
    beforeLookups?.(candidates.flatMap(c => c.basis.refs)),
  ]);
  if (beforeLookups) {
    const holders: string[] = [];
    for (const { ref } of candidates) {
      records.roles.get(ref)?.forEach(role => holders.push(...role.holders));
    }
    await beforeLookups(holders);
  }
  const unchanged = new Set<string>();
  const toKeep = new Map<string, BasisToKeep>();
  for (const { ref, basis, kept, recordsKept } of candidates) {
    const input = {
      portalAnswers: records.answers.get(ref),
      portalRoles: records.roles.get(ref),
      automaticResults: records.results.get(ref),
      costTable: records.costs.get(ref),
      exemptions: records.exemptions.get(ref),
      system: basis.system ? systems.get(basis.system) : undefined,
    };
    if (fingerprints.ofBasis(basis, input) !== kept) continue;
    unchanged.add(ref);
    const inputRecords = recordsKept ? undefined : recordTablesIn(input);
    if (inputRecords) {
      toKeep.set(ref, {
        inputBasis: basis,
        inputRecords,
        inputFingerprint: kept,
      });
    }
  }
  // No catalog call inside: the rows' update alone. Best effort: rows a
  // write holds meanwhile, or a failed update's, are filled by a later run.
  if (toKeep.size) {
    await store
      .transaction(tx => store.putInputBases(tx, toKeep))
      .catch(() => undefined);
  }
  return unchanged;
}
