import { Knex } from 'knex';
import {
  CAMPAIGN_TOTAL,
  CampaignGroupCounts,
  CampaignHistoryPoint,
} from '@prodready/plugin-readiness-common';
import { decodeCheckStatuses } from './checkStatusCodes';
import { MEMBER_COLUMNS, MemberRow, memberOf } from './storedMember';
import { StoreTransaction } from './ReadinessStore';
import { groupSubtree } from './rollupTable';
import { lockKeys } from './serialisationLocks';
import { CampaignTeamsQuery, listCampaignTeams } from './campaignTeams';
import { chunks, knexOf, StoreDatabase } from './storeDatabase';
import {
  CampaignCandidateRow,
  CampaignEntityQuery,
  CampaignEntityRow,
  countsOf,
  EntityRow,
  fromRow,
  OwnerCount,
  toRow,
} from './campaignProgressRows';

export type { CampaignTeamRow, CampaignTeamsQuery } from './campaignTeams';
export type {
  CampaignCandidateRow,
  CampaignEntityQuery,
  CampaignEntityRow,
  OwnerCount,
} from './campaignProgressRows';

const ENTITIES = 'readiness_campaign_entities';
const GROUPS = 'readiness_campaign_groups';
const HISTORY = 'readiness_campaign_history';

/** The lock key of campaign progress: not an entity ref (no namespace), so no entity's. */
const PROGRESS_LOCK = 'readiness-campaign-progress';

/**
 * The precomputed progress of campaigns: per entity, per group (with the
 * whole campaign under group ref '') and per day. A full computation
 * replaces a campaign's rows a page of entities at a time, then its counts;
 * a write moves the rows and counts by its delta. Each of those
 * transactions holds the progress lock ({@link CampaignProgressTable.lock}),
 * so none reads what another is about to change.
 */
export class CampaignProgressTable {
  constructor(private readonly store: StoreDatabase) {}

  /**
   * Takes the lock every transaction that reads or moves campaign progress
   * (a write's delta, a computation from scratch, a definition's change)
   * holds until it ends. A write takes it after its entities' locks and
   * rows; the others take nothing else, so none waits on another in a
   * cycle.
   */
  lock(tx: StoreTransaction) {
    return lockKeys(knexOf(tx), [PROGRESS_LOCK]);
  }

  /**
   * The stored scorecards after `after` (up to `until`, at most `limit`),
   * in ref order, as a campaign sees them, read in `tx`.
   */
  async candidatePage(
    tx: StoreTransaction,
    after: string,
    bound: { until?: string; limit?: number },
  ): Promise<CampaignCandidateRow[]> {
    const rows: (MemberRow & {
      checks: string | null;
      title: string | null;
      computed_at: string;
    })[] = await knexOf(tx)('readiness_scorecards')
      .where('entity_ref', '>', after)
      .modify(query => {
        if (bound.until !== undefined) {
          query.andWhere('entity_ref', '<=', bound.until);
        }
        if (bound.limit !== undefined) query.limit(bound.limit);
      })
      .select(...MEMBER_COLUMNS, 'checks', 'title', 'computed_at')
      .orderBy('entity_ref');
    return rows.map(row => ({
      member: memberOf(row),
      checks: decodeCheckStatuses(row.checks),
      ...(row.title ? { title: row.title } : {}),
      computedAt: row.computed_at,
    }));
  }

  /** The refs of up to `limit` stored scorecards after `after`, in ref order. */
  candidateRefs(after: string, limit: number): Promise<string[]> {
    return this.store
      .db('readiness_scorecards')
      .where('entity_ref', '>', after)
      .orderBy('entity_ref')
      .limit(limit)
      .pluck('entity_ref');
  }

  /** The campaigns' rows of the entities after `after` up to `until` (to the last when undefined). */
  async getRowsInRange(
    tx: StoreTransaction,
    campaignIds: string[],
    after: string,
    until: string | undefined,
  ): Promise<CampaignEntityRow[]> {
    const query = knexOf(tx)(ENTITIES)
      .whereIn('campaign_id', campaignIds)
      .andWhere('entity_ref', '>', after);
    if (until !== undefined) query.andWhere('entity_ref', '<=', until);
    return ((await query) as EntityRow[]).map(toRow);
  }

  /** How many rows each campaign has by owner, done and not. */
  async countRowsByOwner(
    tx: StoreTransaction,
    campaignIds: string[],
  ): Promise<OwnerCount[]> {
    const out: OwnerCount[] = [];
    for (const part of chunks(campaignIds)) {
      const rows: {
        campaign_id: string;
        owner_ref: string | null;
        done: boolean | number;
        count: number | string;
      }[] = await knexOf(tx)(ENTITIES)
        .whereIn('campaign_id', part)
        .groupBy('campaign_id', 'owner_ref', 'done')
        .select('campaign_id', 'owner_ref', 'done')
        .count({ count: '*' });
      for (const row of rows) {
        out.push({
          campaignId: row.campaign_id,
          ...(row.owner_ref ? { owner: row.owner_ref } : {}),
          done: Boolean(row.done),
          count: Number(row.count),
        });
      }
    }
    return out;
  }

  /** Replaces a campaign's counts per group; the whole campaign's is kept even at 0. */
  async replaceCounts(
    transaction: StoreTransaction,
    campaignId: string,
    counts: CampaignGroupCounts,
  ) {
    const tx = knexOf(transaction);
    await tx(GROUPS).where('campaign_id', campaignId).delete();
    const groups = [...counts].map(([ref, c]) => ({
      campaign_id: campaignId,
      group_ref: ref,
      total: c.total,
      done: c.done,
    }));
    if (!counts.has(CAMPAIGN_TOTAL)) {
      groups.push({
        campaign_id: campaignId,
        group_ref: CAMPAIGN_TOTAL,
        total: 0,
        done: 0,
      });
    }
    for (const part of chunks(groups, 100)) await tx(GROUPS).insert(part);
  }

  /**
   * Forgets the progress of every campaign not in `ids` (gone from config,
   * or from this instance's config during a rolling deploy). Its burn-up
   * history stays: past days cannot be computed again, and the campaign
   * may come back. A portal campaign's goes with it ({@link deleteProgress}).
   */
  async deleteProgressExcept(ids: string[], tx?: StoreTransaction) {
    for (const table of [ENTITIES, GROUPS]) {
      await this.store.on(tx)(table).whereNotIn('campaign_id', ids).delete();
    }
  }

  async deleteProgress(tx: StoreTransaction, campaignId: string) {
    for (const table of [ENTITIES, GROUPS, HISTORY]) {
      await knexOf(tx)(table).where('campaign_id', campaignId).delete();
    }
  }

  /** The campaign rows of each of the entities, by ref. */
  async getEntityRows(
    entityRefs: string[],
    tx?: StoreTransaction,
  ): Promise<Map<string, CampaignEntityRow[]>> {
    const out = new Map<string, CampaignEntityRow[]>();
    for (const part of chunks([...new Set(entityRefs)])) {
      const rows: EntityRow[] = await this.store
        .on(tx)(ENTITIES)
        .whereIn('entity_ref', part)
        .orderBy('campaign_id');
      for (const row of rows) {
        const list = out.get(row.entity_ref) ?? [];
        list.push(toRow(row));
        out.set(row.entity_ref, list);
      }
    }
    return out;
  }

  async putEntityRows(tx: StoreTransaction, rows: CampaignEntityRow[]) {
    await this.store.upsert(
      tx,
      ENTITIES,
      {
        columns: {
          campaign_id: 'text',
          entity_ref: 'text',
          title: 'text',
          owner_ref: 'text',
          done: 'boolean',
          level: 'text',
          missing: 'text',
        },
        key: ['campaign_id', 'entity_ref'],
      },
      rows,
      fromRow,
    );
  }

  async deleteEntityRows(
    tx: StoreTransaction,
    keys: { campaignId: string; entityRef: string }[],
  ) {
    for (const part of chunks(keys, 100)) {
      await knexOf(tx)(ENTITIES)
        .whereIn(
          ['campaign_id', 'entity_ref'],
          part.map(k => [k.campaignId, k.entityRef]),
        )
        .delete();
    }
  }

  /** Adds `deltas` to a campaign's counts (atomic increments) and drops groups left empty. */
  async addCounts(
    tx: StoreTransaction,
    campaignId: string,
    deltas: CampaignGroupCounts,
  ) {
    const db = knexOf(tx);
    for (const [ref, delta] of deltas) {
      if (!delta.total && !delta.done) continue;
      await db(GROUPS)
        .insert({
          campaign_id: campaignId,
          group_ref: ref,
          total: delta.total,
          done: delta.done,
        })
        .onConflict(['campaign_id', 'group_ref'])
        .merge({
          total: db.raw(`${GROUPS}.total + ?`, [delta.total]),
          done: db.raw(`${GROUPS}.done + ?`, [delta.done]),
        });
    }
    await db(GROUPS)
      .where({ campaign_id: campaignId, total: 0 })
      .whereNot('group_ref', CAMPAIGN_TOTAL)
      .delete();
  }

  /**
   * Deletes the burn-up of campaigns neither made in the portal nor
   * `configured` (app-config's ids) whose last line is older than `day`: no
   * instance computes them any more (every computation writes the day's
   * line of each campaign it computes), as when an app-config campaign left
   * the configuration long ago. A portal campaign's goes with it. Returns
   * how many lines went.
   */
  async deleteHistoryLastBefore(
    day: string,
    configured: readonly string[] = [],
  ): Promise<number> {
    return this.store
      .db(HISTORY)
      .whereNotIn(
        'campaign_id',
        this.store.db('readiness_campaigns').select('id'),
      )
      .whereNotIn('campaign_id', [...configured])
      .whereIn(
        'campaign_id',
        this.store
          .db(HISTORY)
          .select('campaign_id')
          .groupBy('campaign_id')
          .havingRaw('max(day) < ?', [day]),
      )
      .delete();
  }

  /** Writes the day's burn-up line of each campaign from its current totals. */
  async recordDay(tx: StoreTransaction, campaignIds: string[], day: string) {
    const db = knexOf(tx);
    for (const part of chunks(campaignIds)) {
      const totals: { campaign_id: string; total: number; done: number }[] =
        await db(GROUPS)
          .whereIn('campaign_id', part)
          .andWhere('group_ref', CAMPAIGN_TOTAL)
          .select('campaign_id', 'total', 'done');
      if (!totals.length) continue;
      await db(HISTORY)
        .insert(totals.map(t => ({ ...t, day })))
        .onConflict(['campaign_id', 'day'])
        .merge(['total', 'done']);
    }
  }

  /** The counts of each campaign for one group ('' for the whole campaign). */
  async getCounts(
    campaignIds: string[],
    groupRef: string = CAMPAIGN_TOTAL,
  ): Promise<Map<string, { total: number; done: number }>> {
    const out = new Map<string, { total: number; done: number }>();
    for (const part of chunks(campaignIds)) {
      const rows: { campaign_id: string; total: number; done: number }[] =
        await this.store
          .db(GROUPS)
          .whereIn('campaign_id', part)
          .andWhere('group_ref', groupRef)
          .select('campaign_id', 'total', 'done');
      for (const r of rows) {
        out.set(r.campaign_id, countsOf(r));
      }
    }
    return out;
  }

  /** A page of a campaign's teams: the top level, or a team's sub-teams. */
  listTeams(campaignId: string, query: CampaignTeamsQuery) {
    return listCampaignTeams(this.store.db, campaignId, query);
  }

  async getHistory(campaignId: string): Promise<CampaignHistoryPoint[]> {
    const rows: { day: string; total: number; done: number }[] =
      await this.store
        .db(HISTORY)
        .where('campaign_id', campaignId)
        .orderBy('day')
        .select('day', 'total', 'done');
    return rows.map(r => ({
      day: r.day,
      total: Number(r.total),
      done: Number(r.done),
    }));
  }

  async listEntities(campaignId: string, query: CampaignEntityQuery) {
    const filter = (qb: Knex.QueryBuilder) => {
      qb.where('campaign_id', campaignId);
      if (query.done !== undefined) qb.andWhere('done', query.done);
      if (query.ownedUnder) {
        qb.whereIn('owner_ref', groupSubtree(this.store.db, query.ownedUnder));
      }
    };
    const [{ count }] = await this.store
      .db(ENTITIES)
      .where(filter)
      .count({ count: '*' });
    const rows: EntityRow[] = await this.store
      .db(ENTITIES)
      .where(filter)
      .orderBy('entity_ref')
      .limit(query.limit)
      .offset(query.offset);
    return { items: rows.map(toRow), totalCount: Number(count) };
  }
}
