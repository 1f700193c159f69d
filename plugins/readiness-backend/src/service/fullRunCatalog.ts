import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { kindCountsOf, kindPages } from './kindStreams';
import { withEntityFields } from './catalogLookup';

/** A catalog read failed: the run serves the last results as stale. */
export class CatalogUnreachable extends Error {
  constructor(readonly reason: unknown) {
    super(String(reason));
  }
}

/**
 * The catalog as a full run reads it: failures become
 * {@link CatalogUnreachable}, and the time spent waiting for it is counted.
 */
export class FullRunCatalog {
  /** Time spent waiting for catalog pages and bodies. */
  readMs = 0;

  constructor(
    private readonly catalog: CatalogService,
    private readonly credentials: BackstageCredentials,
  ) {}

  private async timed<T>(read: () => Promise<T>): Promise<T> {
    const start = Date.now();
    try {
      return await read();
    } catch (error) {
      throw new CatalogUnreachable(error);
    } finally {
      this.readMs += Date.now() - start;
    }
  }

  /**
   * A stream's pages. The next page is asked for while the caller handles
   * this one, so waiting for the catalog overlaps the caller's work.
   */
  async *pages(request: {
    filter?: Record<string, string[]>;
    fields: string[];
    pageSize: number;
  }): AsyncGenerator<Entity[]> {
    const stream = this.catalog
      .streamEntities(request, { credentials: this.credentials })
      [Symbol.asyncIterator]();
    const ask = () => {
      const start = Date.now();
      const next = stream.next();
      // Counted from the request until it arrives; failures surface when awaited.
      next.then(
        () => (this.readMs += Date.now() - start),
        () => {},
      );
      return next;
    };
    let pending = ask();
    for (;;) {
      let next: IteratorResult<Entity[]>;
      try {
        next = await pending;
      } catch (error) {
        throw new CatalogUnreachable(error);
      }
      if (next.done) return;
      pending = ask();
      yield next.value;
    }
  }

  /**
   * The pages of the entities of `kinds` (in lower case), read in streams
   * at once ({@link kindPages}) balanced by the catalog's count of each
   * kind; a kind it did not count yet is read too. Counted while the run
   * waits for a page.
   *
   * The kinds are counted over the whole catalog, and those not asked for
   * ignored: on PostgreSQL the catalog answers a facet request with a filter
   * by joining its search table with every entity the filter keeps (465 ms
   * at 20,000 entities, which every stream waited for), and one without by
   * reading the `kind` rows alone.
   */
  async *kindPages(
    kinds: string[],
    request: { fields: string[]; pageSize: number },
  ): AsyncGenerator<Entity[]> {
    const options = { credentials: this.credentials };
    const { facets } = await this.timed(() =>
      this.catalog.getEntityFacets({ facets: ['kind'] }, options),
    );
    const counted = new Map(
      kindCountsOf(facets.kind ?? []).map(({ kind, count }) => [kind, count]),
    );
    const counts = kinds.map(kind => ({ kind, count: counted.get(kind) ?? 0 }));
    let waitingSince = Date.now();
    try {
      for await (const page of kindPages(
        this.catalog,
        request,
        counts,
        options,
      )) {
        this.readMs += Date.now() - waitingSince;
        yield page;
        waitingSince = Date.now();
      }
    } catch (error) {
      throw new CatalogUnreachable(error);
    }
    this.readMs += Date.now() - waitingSince;
  }

  /** The given entities with `fields` (whole without), in the order asked; those gone are undefined. */
  async byRefs(
    refs: string[],
    fields?: string[],
  ): Promise<(Entity | undefined)[]> {
    if (!refs.length) return [];
    const { items } = await this.timed(() =>
      this.catalog.getEntitiesByRefs(
        { entityRefs: refs, fields },
        { credentials: this.credentials },
      ),
    );
    return items.map(e => e ?? undefined);
  }

  /**
   * The bodies of the given entities with the fields the engine reads;
   * those gone are left out. Read whole and picked here: asked for fields,
   * the catalog parses each stored entity, picks the fields and serialises
   * it again (yielding every 3 ms); asked for whole entities, it sends the
   * stored JSON as it is.
   */
  async bodies(refs: string[]): Promise<Entity[]> {
    const items = await this.byRefs(refs);
    return items.flatMap(e => (e ? [withEntityFields(e)] : []));
  }
}
