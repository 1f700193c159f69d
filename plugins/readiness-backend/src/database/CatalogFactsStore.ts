import type { CatalogFacts } from './storeRows';

/**
 * What the freshness pass compares the catalog with: the etag each stored
 * scorecard was computed from, and the facts it recorded of each entity.
 */
export interface CatalogFactsStore {
  /** The catalog etag the stored scorecards of `entityRefs` were computed from, by ref. */
  getScorecardEtags(entityRefs: string[]): Promise<Map<string, string | null>>;

  /** The recorded etag of those of `entityRefs` whose facts are recorded, by ref. */
  getCatalogFactEtags(
    entityRefs: string[],
  ): Promise<Map<string, string | null>>;
  /** How many entities' facts are recorded. */
  countCatalogFacts(): Promise<number>;
  /** The refs of every entity whose facts are recorded, a page at a time in ref order. */
  streamCatalogFactRefs(pageSize: number): AsyncIterable<string[]>;
  getCatalogFacts(entityRefs: string[]): Promise<Map<string, CatalogFacts>>;
  putCatalogFacts(facts: CatalogFacts[]): Promise<void>;
  deleteCatalogFacts(entityRefs: string[]): Promise<void>;
}
