import { CatalogFacts } from './ReadinessStore';
import { chunks, StoreDatabase } from './storeDatabase';

type FactsRow = {
  entity_ref: string;
  etag: string | null;
  lifecycle: string | null;
  shape: string | null;
};

/** Rows read per statement when every ref and etag of a table is read. */
const READ_PAGE = 5000;

/**
 * What the freshness pass compares the catalog with: the etag every stored
 * scorecard was computed from, and the facts it recorded of every catalog
 * entity (`readiness_catalog_facts`). Refs and etags are read in pages of
 * the primary key, so no statement returns the whole table at once.
 */
export class FreshnessQueries {
  constructor(private readonly store: StoreDatabase) {}

  /** The catalog etag of every stored scorecard, by ref (null when it had none). */
  getScorecardEtags() {
    return this.etagsOf('readiness_scorecards', 'entity_etag');
  }

  /** The catalog etag of every entity whose facts are recorded, by ref. */
  getCatalogFactEtags() {
    return this.etagsOf('readiness_catalog_facts', 'etag');
  }

  private async etagsOf(table: string, column: string) {
    const etags = new Map<string, string | null>();
    let after: string | undefined;
    for (;;) {
      let query = this.store
        .db(table)
        .select('entity_ref', { etag: column })
        .orderBy('entity_ref')
        .limit(READ_PAGE);
      if (after !== undefined) query = query.where('entity_ref', '>', after);
      const rows: { entity_ref: string; etag: string | null }[] = await query;
      for (const row of rows) etags.set(row.entity_ref, row.etag);
      if (rows.length < READ_PAGE) return etags;
      after = rows[rows.length - 1].entity_ref;
    }
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
