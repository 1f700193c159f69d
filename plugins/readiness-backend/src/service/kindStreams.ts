import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Streams read at once. Each page of a stream is a query of the catalog's
 * PostgreSQL, then the catalog's own work on the page (picking the fields,
 * compressing them); one stream waits for each in turn, two let the catalog
 * work on one stream's page while its database answers the other's.
 */
const STREAMS = 2;

/** A kind, in lower case, and how many entities of it the catalog holds. */
export interface KindCount {
  kind: string;
  count: number;
}

/**
 * The catalog's `kind` facet as {@link KindCount}s: kinds are compared in
 * lower case, so one spelled two ways is one kind (read once).
 */
export function kindCountsOf(
  facets: { value: string; count: number }[],
): KindCount[] {
  const counts = new Map<string, number>();
  for (const { value, count } of facets) {
    const kind = value.toLowerCase();
    counts.set(kind, (counts.get(kind) ?? 0) + count);
  }
  return [...counts].map(([kind, count]) => ({ kind, count }));
}

/**
 * The kinds in at most `streams` groups of about as many entities each: the
 * largest kind first, each into the group with the fewest entities so far.
 */
export function kindGroups(kinds: KindCount[], streams: number): string[][] {
  const groups = Array.from(
    { length: Math.min(streams, kinds.length) },
    () => ({ kinds: [] as string[], count: 0 }),
  );
  const largestFirst = [...kinds].sort(
    (a, b) => b.count - a.count || a.kind.localeCompare(b.kind),
  );
  for (const { kind, count } of largestFirst) {
    const lightest = groups.reduce((a, b) => (b.count < a.count ? b : a));
    lightest.kinds.push(kind);
    lightest.count += count;
  }
  return groups.map(group => group.kinds);
}

/**
 * The pages of several streams, each as it arrives. Every stream's next
 * page is asked for while the caller handles one, so at most one page a
 * stream waits in hand. When the caller stops early or a stream fails, the
 * other streams are ended too.
 */
export async function* mergedPages<T>(
  streams: AsyncIterable<T>[],
): AsyncGenerator<T> {
  const iterators = streams.map(stream => stream[Symbol.asyncIterator]());
  const pending = new Map<
    number,
    Promise<{ index: number; result: IteratorResult<T> }>
  >();
  const ask = (index: number) => {
    const next = iterators[index].next().then(result => ({ index, result }));
    // A failure surfaces through the race below; meanwhile it is not unhandled.
    next.catch(() => {});
    pending.set(index, next);
  };
  iterators.forEach((_, index) => ask(index));
  try {
    while (pending.size) {
      const { index, result } = await Promise.race(pending.values());
      if (result.done) {
        pending.delete(index);
        continue;
      }
      ask(index);
      yield result.value;
    }
  } finally {
    if (pending.size) {
      await Promise.allSettled(iterators.map(iterator => iterator.return?.()));
    }
  }
}

/**
 * The entities of the given kinds, in pages of `request.pageSize`, read in
 * {@link STREAMS} streams at once of about as many entities each (an
 * entity is in one stream only).
 */
export function kindPages(
  catalog: CatalogService,
  request: { fields: string[]; pageSize: number },
  kinds: KindCount[],
  options: { credentials: BackstageCredentials },
): AsyncGenerator<Entity[]> {
  return mergedPages(
    kindGroups(kinds, STREAMS).map(group =>
      catalog.streamEntities({ ...request, filter: { kind: group } }, options),
    ),
  );
}
