import { CatalogIndex } from './catalogLookup';
import { FullRunCatalog } from './fullRunCatalog';

/** What a ref read on its own gives the index: that it exists, and its lifecycle. */
const LOOKUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'spec.lifecycle',
];
/** Refs per catalog request. */
const BATCH_SIZE = 1000;

/** The refs the holders of `roles` name. */
export function holdersOf(roles: Iterable<{ holders: string[] }> | undefined) {
  const refs: string[] = [];
  for (const role of roles ?? []) refs.push(...role.holders);
  return refs;
}

/** The kind of a normalised ref (`kind:namespace/name`), or undefined when it is not one. */
function kindOf(ref: string): string | undefined {
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/', colon);
  return colon > 0 && slash > colon + 1 && slash < ref.length - 1
    ? ref.slice(0, colon)
    : undefined;
}

/**
 * The refs a full run's index holds without streaming them. The first pass
 * streams only the kinds that are scored or make the rollup tree; the
 * others (users above all, which most catalogs hold more of than anything
 * but components, and of which scorecards name few) are read by ref, when a
 * page's fingerprints or scoring name them, each once a run. A ref of a
 * streamed kind that the index lacks is not in the catalog: nothing to ask.
 */
export class RefLookups {
  /** Refs asked for: the request while it runs, then true. */
  private readonly asked = new Map<string, Promise<void> | true>();

  constructor(
    private readonly catalog: FullRunCatalog,
    private readonly index: CatalogIndex,
    private readonly streamedKinds: ReadonlySet<string>,
  ) {}

  /** Those of `refs` the index cannot know yet and nobody asked the catalog for. */
  unresolved(refs: Iterable<string>): string[] {
    return [...refs].filter(ref => {
      const kind = kindOf(ref);
      if (!kind || this.streamedKinds.has(kind.toLowerCase())) return false;
      return !this.index.exists(ref) && this.asked.get(ref) !== true;
    });
  }

  /** Adds to the index those of `refs` it cannot know yet; resolves once it does. */
  async resolve(refs: Iterable<string>): Promise<void> {
    const running = new Set<Promise<void>>();
    const missing: string[] = [];
    for (const ref of refs) {
      // Most refs a page names are of streamed kinds: told by the ref alone.
      // The index is asked only about the others; its map of every ref read
      // is large, and a lookup in it mostly misses the CPU's caches (about
      // 0.5 µs; a run with nothing changed at 100,000 entities made 290,000).
      const kind = kindOf(ref);
      if (!kind || this.streamedKinds.has(kind.toLowerCase())) continue;
      if (this.index.exists(ref)) continue;
      const asked = this.asked.get(ref);
      if (asked === true) continue;
      if (asked) {
        running.add(asked);
        continue;
      }
      missing.push(ref);
    }
    const unique = [...new Set(missing)];
    for (let i = 0; i < unique.length; i += BATCH_SIZE) {
      const batch = unique.slice(i, i + BATCH_SIZE);
      const read = this.read(batch);
      batch.forEach(ref => this.asked.set(ref, read));
      running.add(read);
    }
    await Promise.all(running);
  }

  private async read(refs: string[]) {
    const items = await this.catalog.byRefs(refs, LOOKUP_FIELDS);
    for (const item of items) {
      if (item) this.index.add(item);
    }
    refs.forEach(ref => this.asked.set(ref, true));
  }
}
