import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { randomUUID } from 'crypto';
import { isDeepStrictEqual } from 'util';
import { Campaign, CampaignInput } from '@prodready/plugin-readiness-common';
import { StoreTransaction } from './ReadinessStore';
import { importedVersion } from './importedVersion';
import {
  chunks,
  insertUnlessPresent,
  knexOf,
  StoreDatabase,
} from './storeDatabase';

type CampaignRow = {
  id: string;
  title: string;
  definition: string;
  version: number;
  created_by: string;
  updated_by: string;
  updated_at: string;
  /**
   * While its progress waits for the campaign progress task, a token the
   * change that marked it made (null: not pending).
   */
  progress_pending?: string | null;
};

/** What the definition column holds: everything but the id, title and bookkeeping. */
type Definition = Pick<
  Campaign,
  'description' | 'filter' | 'target' | 'startDate' | 'deadline'
>;

/** What a campaign's row stores of it, its keys always in one order. */
function definitionOf(campaign: Definition): string {
  const { description, filter, target, startDate, deadline } = campaign;
  const definition: Definition = {
    ...(description === undefined ? {} : { description }),
    filter,
    target,
    startDate,
    deadline,
  };
  return JSON.stringify(definition);
}

/** Whether two stored definitions say the same, whatever order their keys were written in. */
const sameDefinition = (a: string, b: string) =>
  isDeepStrictEqual(JSON.parse(a), JSON.parse(b));

function toCampaign(row: CampaignRow): Campaign {
  const definition: Definition = JSON.parse(row.definition);
  return {
    id: row.id,
    title: row.title,
    ...definition,
    source: 'portal',
    version: Number(row.version),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

/**
 * Campaigns made in the portal, one versioned row each: a write names the
 * version it saw and loses with a ConflictError carrying the current
 * campaign if someone else wrote in between (as answers do).
 */
export class CampaignTables {
  constructor(private readonly store: StoreDatabase) {}

  async listCampaigns(tx?: StoreTransaction): Promise<Campaign[]> {
    const rows = await this.store
      .on(tx)<CampaignRow>('readiness_campaigns')
      .orderBy('id');
    return rows.map(toCampaign);
  }

  async getCampaign(id: string, tx?: StoreTransaction) {
    return this.read(this.store.on(tx), id);
  }

  /**
   * Marks the progress of these campaigns as no longer what they ask, with
   * a token of this change: the campaign progress task computes it (see
   * CampaignService), and a computation that began before clears no mark.
   */
  async markProgressPending(transaction: StoreTransaction, ids: string[]) {
    const token = randomUUID();
    for (const part of chunks(ids)) {
      await knexOf(transaction)('readiness_campaigns')
        .whereIn('id', part)
        .update({ progress_pending: token });
    }
  }

  /** The marks of the portal campaigns (of `ids`, when given) whose progress is pending, by id. */
  async progressMarks(
    ids?: string[],
    tx?: StoreTransaction,
  ): Promise<Map<string, string>> {
    if (ids && !ids.length) return new Map();
    const query = this.store
      .on(tx)<CampaignRow>('readiness_campaigns')
      .whereNotNull('progress_pending')
      .select('id', 'progress_pending');
    if (ids) query.whereIn('id', ids);
    return new Map(
      (await query).map(row => [row.id, row.progress_pending as string]),
    );
  }

  /** Clears these marks (by campaign id): the progress is computed for what the campaigns ask now. */
  async progressComputed(
    transaction: StoreTransaction,
    marks: ReadonlyMap<string, string>,
  ) {
    for (const [id, token] of marks) {
      await knexOf(transaction)('readiness_campaigns')
        .where({ id, progress_pending: token })
        .update({ progress_pending: null });
    }
  }

  /**
   * Replaces every portal campaign with those of a backup, as they were
   * (ids, versions, who created and changed them). Those not stored as
   * the backup has them are marked pending: the campaign progress task
   * computes their progress.
   * @returns the ids of the stored campaigns it removed or gave another
   *   definition, whose progress no longer holds.
   */
  async replaceCampaigns(
    transaction: StoreTransaction,
    campaigns: Campaign[],
  ): Promise<{ changed: string[] }> {
    const tx = knexOf(transaction);
    // A campaign changed since the backup comes back at a version past the
    // one stored, so an editor who saw the newer one is told of the change.
    const stored = new Map(
      (await tx<CampaignRow>('readiness_campaigns')).map(row => [row.id, row]),
    );
    const changed = new Set(stored.keys());
    // One change: one mark for every campaign whose progress it undoes.
    const mark = randomUUID();
    const versionOf = (row: Omit<CampaignRow, 'version'>, version: number) => {
      const before = stored.get(row.id);
      const same =
        !!before &&
        before.title === row.title &&
        sameDefinition(before.definition, row.definition);
      if (same) changed.delete(row.id);
      return importedVersion(
        version,
        before && { version: Number(before.version), same },
      );
    };
    await tx('readiness_campaigns').delete();
    for (const part of chunks(campaigns, 100)) {
      await tx('readiness_campaigns').insert(
        part.map(({ id, title, ...c }) => {
          const fields = {
            id,
            title,
            definition: definitionOf(c),
            created_by: c.createdBy ?? c.updatedBy ?? '',
            updated_by: c.updatedBy ?? c.createdBy ?? '',
            updated_at: c.updatedAt ?? this.store.now(),
          };
          const row: CampaignRow = {
            ...fields,
            version: versionOf(fields, c.version),
          };
          // Kept as stored when the backup has it so; else its progress is to come.
          const before = stored.get(id);
          row.progress_pending =
            before && !changed.has(id) ? before.progress_pending ?? null : mark;
          return row;
        }),
      );
    }
    return { changed: [...changed] };
  }

  private async read(db: Knex | Knex.Transaction, id: string) {
    const row = await db<CampaignRow>('readiness_campaigns')
      .where({ id })
      .first();
    return row ? toCampaign(row) : undefined;
  }

  private async conflict(
    tx: Knex.Transaction,
    id: string,
    expectedVersion: number,
  ): Promise<never> {
    const current = (await this.read(tx, id)) ?? null;
    throw Object.assign(
      new ConflictError(
        `Campaign ${id} was changed by someone else (you saw version ${expectedVersion}, the current version is ${
          current?.version ?? 0
        }); reload and apply your change again`,
      ),
      { current },
    );
  }

  /**
   * Creates (with `create`, expected version 0), updates or, with `input`
   * null, deletes a campaign if the stored version is the one the writer
   * saw; the version in the WHERE clause makes a concurrent writer lose
   * without row locks. An update or delete of an id never stored is a 404:
   * only a create (whose id the backend chose) adds a campaign.
   */
  async writeCampaign(
    transaction: StoreTransaction,
    id: string,
    input: Omit<CampaignInput, 'version'> | null,
    actor: string,
    expectedVersion: number,
    today: string,
    { create = false }: { create?: boolean } = {},
  ): Promise<Campaign | null> {
    const tx = knexOf(transaction);
    const before = await this.read(tx, id);
    if (!before && !(create && input)) {
      throw new NotFoundError(`There is no portal campaign ${id}`);
    }
    if ((before?.version ?? 0) !== expectedVersion) {
      return this.conflict(tx, id, expectedVersion);
    }
    if (!input) {
      const deleted = await tx('readiness_campaigns')
        .where({ id, version: expectedVersion })
        .delete();
      if (deleted !== 1) return this.conflict(tx, id, expectedVersion);
      return null;
    }
    const { title, ...rest } = input;
    // The body's own start date is checked with it; the one kept or given
    // by default is checked here, or an export could not be imported.
    const startDate = rest.startDate ?? before?.startDate ?? today;
    if (startDate > rest.deadline) {
      throw new InputError(
        `Invalid campaign: deadline: must not be before the campaign's start date, ${startDate}`,
      );
    }
    const row: CampaignRow = {
      id,
      title,
      definition: definitionOf({ ...rest, startDate }),
      version: expectedVersion + 1,
      created_by: before?.createdBy ?? actor,
      updated_by: actor,
      updated_at: this.store.now(),
    };
    if (!before) {
      if (!(await insertUnlessPresent(tx, 'readiness_campaigns', row))) {
        return this.conflict(tx, id, expectedVersion);
      }
    } else {
      const changed = await tx('readiness_campaigns')
        .where({ id, version: expectedVersion })
        .update(row);
      if (changed !== 1) return this.conflict(tx, id, expectedVersion);
    }
    return toCampaign(row);
  }
}
