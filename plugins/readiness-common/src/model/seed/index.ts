import type { SeedReference } from '../../types';
import { laterRevision } from './laterRevision';
import { originalRevision } from './originalRevision';
import type { SeedEntry, SeedIndex, SeedRevision } from './types';

export type { SeedEntry, SeedIndex, SeedRevision, SeedSection } from './types';

/**
 * The structure of the seed document "Moving to Production" in each revision
 * the model traces to: headings, bullet positions and checklist numbers, with
 * what each asks in our words. Checks name entries in `seedRefs` as
 * `<revision>:<entry id>`; `npm run verify:seed -- <document>` compares a
 * revision with the document, and tests compare the checks with both.
 * @public
 */
export const seedIndex: SeedIndex = {
  source: 'https://github.com/tim-minter/moving-to-production',
  seedRevision: originalRevision.id,
  revisions: [originalRevision, laterRevision],
};

/** The reference of an entry of a revision, as checks write it. */
export function seedReference(
  revision: SeedRevision,
  entry: SeedEntry,
): SeedReference {
  return `${revision.id}:${entry.id}`;
}

/** The revision and entry a reference names, if the index has them. */
export function resolveSeedReference(
  ref: SeedReference,
  index: SeedIndex = seedIndex,
): { revision: SeedRevision; entry: SeedEntry } | undefined {
  const colon = ref.indexOf(':');
  const revision = index.revisions.find(r => r.id === ref.slice(0, colon));
  const entry = revision?.entries.find(e => e.id === ref.slice(colon + 1));
  return revision && entry ? { revision, entry } : undefined;
}

/** Where an entry first appeared: itself, or what its `sameAs` chain leads to. */
export function originOf(
  ref: SeedReference,
  index: SeedIndex = seedIndex,
): SeedReference {
  const seen = new Set<SeedReference>();
  let current = ref;
  for (;;) {
    const next = resolveSeedReference(current, index)?.entry.sameAs;
    if (!next || seen.has(next)) {
      return current;
    }
    seen.add(current);
    current = next;
  }
}

/** Where an entry sits, for people: `Quick Checklist (for IBM Cloud) 13`, `Resiliency • 2.1`. */
export function seedLocationOf(
  revision: SeedRevision,
  entry: SeedEntry,
): string {
  const heading =
    revision.sections.find(s => s.id === entry.section)?.heading ??
    entry.section;
  return entry.number !== undefined
    ? `${heading} ${entry.number}`
    : `${heading} • ${entry.bullet}`;
}
