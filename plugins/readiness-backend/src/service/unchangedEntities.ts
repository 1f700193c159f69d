import { InheritableReadiness } from '@prodready/plugin-readiness-common';
import { ReadinessStore } from '../database/ReadinessStore';
import { InputFingerprints } from './inputFingerprint';
import { storedInputsOf } from './scoringInputs';

/** A scorable entity as a reader of refs and etags sees it. */
export interface EntityEtag {
  ref: string;
  etag?: string;
}

/**
 * The entities of a page whose stored scorecard is still what scoring would
 * give, decided without reading their bodies: the etag is the one their
 * kept fingerprint basis was taken from, and the fingerprint of that basis
 * with today's stored records, catalog lookups and clock is the stored one.
 * The others (etag changed, no basis kept, inputs changed) need their body.
 */
export async function unchangedEntities(
  store: ReadinessStore,
  fingerprints: InputFingerprints,
  systems: Map<string, InheritableReadiness>,
  page: EntityEtag[],
): Promise<Set<string>> {
  const refs = page.map(e => e.ref);
  // Both at once: a page waits for the slower read, not for their sum.
  const [stored, records] = await Promise.all([
    store.getScorecardInputs(refs),
    storedInputsOf(store, refs),
  ]);
  const unchanged = new Set<string>();
  for (const { ref, etag } of page) {
    const kept = stored.get(ref);
    if (!etag || !kept?.inputFingerprint || kept.inputBasis?.etag !== etag) {
      continue;
    }
    const { inputBasis, inputFingerprint } = kept;
    const fingerprint = fingerprints.ofBasis(inputBasis, {
      portalAnswers: records.answers.get(ref),
      portalRoles: records.roles.get(ref),
      automaticResults: records.results.get(ref),
      costTable: records.costs.get(ref),
      exemptions: records.exemptions.get(ref),
      system: inputBasis.system ? systems.get(inputBasis.system) : undefined,
    });
    if (fingerprint === inputFingerprint) unchanged.add(ref);
  }
  return unchanged;
}
