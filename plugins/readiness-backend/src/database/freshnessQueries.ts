import { CatalogFacts } from './ReadinessStore';
import { chunks, keysetPages, StoreDatabase } from './storeDatabase';

type FactsRow = {
  entity_ref: string;
  etag: string | null;
  lifecycle: string | null;
  shape: string | null;
};

/**
 * What the freshness pass compares the catalog with: the etag every stored
 * scorecard was computed from, and the facts it recorded of every catalog
 * entity (`readiness_catalog_facts`). The pass asks for the etags of one
 * catalog page's refs at a time, so no read holds a whole table.
 */
export class FreshnessQueries {
  constructor(private readonly store: StoreDatabase) {}

  getScorecardEtags(entityRefs: string[]) {
    return this.etagsOf('readiness_scorecards', 'entity_etag', entityRefs);
  }

  getCatalogFactEtags(entityRefs: string[]) {
    return this.etagsOf('readiness_catalog_facts', 'etag', entityRefs);
  }

  async countCatalogFacts() {
    const [{ count }] = await this.store
      .db('readiness_catalog_facts')
      .count({ count: '*' });
    return Number(count);
  }

  async *streamCatalogFactRefs(pageSize: number) {
    const pages = keysetPages<Pick<FactsRow, 'entity_ref'>>(
      this.store.db,
      'readiness_catalog_facts',
      ['entity_ref'],
      pageSize,
      ['entity_ref'],
    );
    for await (const rows of pages) yield rows.map(row => row.entity_ref);
  }

  private async etagsOf(table: string, column: string, entityRefs: string[]) {
    const etags = new Map<string, string | null>();
    // PostgreSQL takes a page's refs as one array parameter: one statement,
    // planned once, instead of IN lists of thousands of parameters.
    const parts = this.store.isPostgres ? [entityRefs] : chunks(entityRefs);
    for (const part of parts) {
      const query = this.store.db(table).select('entity_ref', { etag: column });
      const rows: { entity_ref: string; etag: string | null }[] = await (this
        .store.isPostgres
        ? query.whereRaw('entity_ref = any(?)', [part])
        : query.whereIn('entity_ref', part));
      for (const row of rows) etags.set(row.entity_ref, row.etag);
    }
    return etags;
  }

  async getCatalogFacts(entityRefs: string[]) {
    const facts = new Map<string, CatalogFacts>();
    for (const part of chunks(entityRefs)) {
      const rows: FactsRow[] = await this.store
        .db('readiness_catalog_facts')
        .whereIn('entity_ref', part);
      for (const row of rows) {
        facts.set(row.entity_ref, {
          entityRef: row.entity_ref,
          etag: row.etag,
          lifecycle: row.lifecycle,
          shape: row.shape,
        });
      }
    }
    return facts;
  }

  async putCatalogFacts(facts: CatalogFacts[]) {
    await this.store.upsert(
      undefined,
      'readiness_catalog_facts',
      {
        columns: {
          entity_ref: 'text',
          etag: 'text',
          lifecycle: 'text',
          shape: 'text',
        },
        key: ['entity_ref'],
      },
      facts,
      f => ({
        entity_ref: f.entityRef,
        etag: f.etag,
        lifecycle: f.lifecycle,
        shape: f.shape,
      }),
    );
  }

  async deleteCatalogFacts(entityRefs: string[]) {
    for (const part of chunks(entityRefs)) {
      await this.store
        .db('readiness_catalog_facts')
        .whereIn('entity_ref', part)
        .delete();
    }
  }
}
