import { Knex } from 'knex';
import { CheckStatus } from '@prodready/plugin-readiness-common';
import { decodeCheckStatuses } from './checkStatusCodes';
import { ScorecardFilter, ScorecardQuery } from './ReadinessStore';
import { ScorecardRow, SUMMARY_COLUMNS, toSummary } from './scorecardTable';
import {
  chunks,
  likePattern,
  pageWithTotal,
  scorecardPages,
  StoreDatabase,
} from './storeDatabase';

/**
 * The reads of many stored scorecards at once: the organisation's entity
 * list, exports, the search collator and statuses by ref.
 */
export class ScorecardLists {
  constructor(private readonly store: StoreDatabase) {}

  private scorecardFilter(query: ScorecardFilter) {
    return (qb: Knex.QueryBuilder) => {
      if (query.entityRefs) qb.whereIn('entity_ref', query.entityRefs);
      if (query.owners) qb.whereIn('owner_ref', query.owners);
      if (query.system) qb.where('system_ref', query.system);
      if (query.domain) qb.where('domain_ref', query.domain);
      if (query.kind) qb.where('kind', query.kind);
      if (query.lifecycle) qb.where('lifecycle', query.lifecycle);
      if (query.expiringBefore) {
        qb.where('next_expiry', '<', query.expiringBefore);
      }
      if (query.search) {
        const pattern = likePattern(query.search);
        qb.where(inner =>
          inner
            .whereRaw("lower(coalesce(title, '')) like ? escape '\\'", [
              pattern,
            ])
            // The expression of the trigram index (PostgreSQL).
            .orWhereRaw("lower(entity_ref) like ? escape '\\'", [pattern]),
        );
      }
    };
  }

  async listScorecards(query: ScorecardQuery) {
    const filter = this.scorecardFilter(query);
    const sortColumn = {
      title: 'title',
      entityRef: 'entity_ref',
      score: 'score',
      nextExpiry: 'next_expiry',
    }[query.sort ?? 'score'];
    const order = query.order ?? 'asc';
    const { db } = this.store;
    const { rows, totalCount } = await pageWithTotal<ScorecardRow>(
      db,
      () => db('readiness_scorecards').where(filter),
      qb =>
        (sortColumn === 'entity_ref'
          ? // The key: never null and unique, so the page is the primary
            // key's first rows either way (a null test first would sort them all).
            qb.orderBy('entity_ref', order)
          : qb
              .orderByRaw('?? is null', [sortColumn])
              .orderBy(sortColumn, order)
              .orderBy('entity_ref', 'asc')
        )
          .select(...SUMMARY_COLUMNS)
          .limit(query.limit)
          .offset(query.offset),
      query.offset,
      // A window count would hold every matching row with its member
      // JSON until the count is done, on each page of the organisation.
      'subquery',
    );
    return { items: rows.map(toSummary), totalCount };
  }

  async *streamScorecards(pageSize: number, filter: ScorecardFilter = {}) {
    const pages = scorecardPages<ScorecardRow>(
      this.store.db,
      SUMMARY_COLUMNS,
      pageSize,
      { where: this.scorecardFilter(filter) },
    );
    for await (const rows of pages) yield rows.map(toSummary);
  }

  async getCheckStatuses(entityRefs: string[]) {
    const result = new Map<string, Record<string, CheckStatus>>();
    for (const part of chunks(entityRefs)) {
      const rows: Pick<ScorecardRow, 'entity_ref' | 'checks'>[] =
        await this.store
          .db('readiness_scorecards')
          .whereIn('entity_ref', part)
          .select('entity_ref', 'checks');
      for (const row of rows) {
        result.set(row.entity_ref, decodeCheckStatuses(row.checks));
      }
    }
    return result;
  }

  async listScorecardStatuses(after: string, limit: number) {
    const rows = await this.store
      .db<ScorecardRow>('readiness_scorecards')
      .where('entity_ref', '>', after)
      .select(...SUMMARY_COLUMNS, 'checks')
      .orderBy('entity_ref')
      .limit(limit);
    return rows.map(row => ({
      ...toSummary(row),
      checks: decodeCheckStatuses(row.checks),
    }));
  }
}
