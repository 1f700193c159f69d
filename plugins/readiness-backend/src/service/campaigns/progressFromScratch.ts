import {
  Campaign,
  CampaignEvaluator,
  CampaignGroupCounts,
  GroupHierarchy,
  moveCampaignCounts,
  ownerChain,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import {
  CampaignCandidateRow,
  CampaignEntityRow,
} from '../../database/campaignProgressTable';
import {
  ReadinessStore,
  StoreTransaction,
} from '../../database/ReadinessStore';
import { today } from '../applyDeltas';
import { PageTags, rowOf, tagsWanted } from './campaignRows';

const NO_TAGS: PageTags = new Map();

/** A page of entities as read before its transaction. */
interface PageWindow {
  /** The refs read (none when no campaign filters on tags). */
  refs: ReadonlySet<string>;
  /** The last ref of a full page read; undefined for the last page, or when none was read. */
  until?: string;
  /** Their tags, when a campaign filters on tags. */
  tags?: PageTags;
}

/** Whether two definitions of a campaign ask the same entities the same thing. */
export function sameProgressBasis(a: Campaign, b: Campaign): boolean {
  return (
    JSON.stringify([a.filter, a.target]) ===
    JSON.stringify([b.filter, b.target])
  );
}

const rowKey = (row: Pick<CampaignEntityRow, 'campaignId' | 'entityRef'>) =>
  `${row.campaignId}\u0000${row.entityRef}`;

/** What turns the `stored` rows of a range into `wanted`: rows to write, rows to delete. */
function changedRows(stored: CampaignEntityRow[], wanted: CampaignEntityRow[]) {
  const before = new Map(stored.map(r => [rowKey(r), r]));
  const puts: CampaignEntityRow[] = [];
  for (const row of wanted) {
    const was = before.get(rowKey(row));
    before.delete(rowKey(row));
    if (!was || !sameRow(was, row)) puts.push(row);
  }
  return { puts, deletes: [...before.values()] };
}

function sameRow(a: CampaignEntityRow, b: CampaignEntityRow): boolean {
  return (
    a.done === b.done &&
    a.title === b.title &&
    a.owner === b.owner &&
    (a.level ?? null) === (b.level ?? null) &&
    a.missing.join('\u0000') === b.missing.join('\u0000')
  );
}

/** The owners' group chains a computation has read, page after page. */
class OwnerChains {
  private readonly nodes = new Map<string, { ref: string; parent?: string }>();
  /** Owners asked for, groups of the tree or not (a user, a group not in it). */
  private readonly asked = new Set<string>();
  private hierarchy = new GroupHierarchy([]);

  constructor(private readonly store: ReadinessStore) {}

  /** A hierarchy that places each of `owners`, reading the chains not read yet. */
  async covering(tx: StoreTransaction, owners: string[]) {
    const unread = [...new Set(owners)].filter(o => !this.asked.has(o));
    unread.forEach(o => this.asked.add(o));
    if (unread.length) {
      for (const node of await this.store.getGroupChains(unread, tx)) {
        this.nodes.set(node.ref, node);
      }
      this.hierarchy = new GroupHierarchy([...this.nodes.values()]);
    }
    return this.hierarchy;
  }
}

/** Campaigns with the marks of those whose progress is pending (see CampaignTables.markProgressPending). */
export interface MarkedCampaigns {
  campaigns: readonly Campaign[];
  marks: ReadonlyMap<string, string>;
}

/**
 * The campaigns a computation from scratch still computes: those whose
 * filter and target, and mark, are as when it began. One changed or marked
 * meanwhile (by a restore that dropped its rows, say) is left to the
 * computation of its mark.
 */
export class LiveCampaigns {
  private campaigns: readonly Campaign[];
  private readonly marks: ReadonlyMap<string, string>;

  constructor(
    began: MarkedCampaigns,
    private readonly current: (
      tx: StoreTransaction,
    ) => Promise<MarkedCampaigns>,
  ) {
    this.campaigns = began.campaigns;
    this.marks = began.marks;
  }

  get list(): readonly Campaign[] {
    return this.campaigns;
  }

  /** Drops the campaigns changed, marked anew or gone, as stored now (read under the lock); the ids left. */
  async refresh(tx: StoreTransaction): Promise<string[]> {
    const now = await this.current(tx);
    const stored = new Map(now.campaigns.map(c => [c.id, c]));
    this.campaigns = this.campaigns.filter(c => {
      const asStored = stored.get(c.id);
      return (
        asStored !== undefined &&
        sameProgressBasis(asStored, c) &&
        now.marks.get(c.id) === this.marks.get(c.id)
      );
    });
    return this.campaigns.map(c => c.id);
  }

  /** The marks the campaigns `ids` had when the computation began, which it clears. */
  marksOf(ids: string[]): Map<string, string> {
    const marks = new Map<string, string>();
    for (const id of ids) {
      const mark = this.marks.get(id);
      if (mark) marks.set(id, mark);
    }
    return marks;
  }
}

/**
 * Campaign progress from every stored scorecard, replacing what was
 * stored: the rows a page of entities at a time, then the counts from the
 * rows, each in a transaction of its own that holds the progress lock. A
 * write waits for one page, not for the whole organisation, and moves the
 * rows as they are by its delta; the counts, taken from the rows last under
 * the lock, hold every write. Only a page of rows is held in memory.
 */
export class ProgressFromScratch {
  private readonly chains: OwnerChains;

  constructor(
    private readonly deps: {
      store: ReadinessStore;
      model: Pick<ReadinessModel, 'levels' | 'checks'>;
      /** The catalog tags of those of these entities that carry one of `wanted` (one catalog request). */
      tagsOfRefs(refs: string[], wanted: string[]): Promise<PageTags>;
    },
    private readonly pageSize: number,
  ) {
    this.chains = new OwnerChains(deps.store);
  }

  /**
   * `since`: when the computation began, under the progress lock (ISO
   * 8601). A write since moved its entities' rows itself. Should a page
   * fail, or `signal` abort (the task's timeout, a cancel), the counts are
   * still taken from the rows as they are, and the campaigns stay pending.
   */
  async run(
    live: LiveCampaigns,
    since: string,
    clock: () => Date,
    signal?: AbortSignal,
  ) {
    const { store } = this.deps;
    const recount = (complete: boolean) =>
      store.transaction(tx => this.recount(tx, live, clock, complete));
    let after: string | undefined = '';
    // Aborted before any page: nothing to count again.
    signal?.throwIfAborted();
    try {
      while (after !== undefined && live.list.length) {
        signal?.throwIfAborted();
        const from: string = after;
        // Read before the page's transaction: no catalog request is made
        // while writes wait for the lock.
        const window = await this.windowAfter(live, from);
        after = await store.transaction(tx =>
          this.writePage(tx, live, since, window, from),
        );
      }
    } catch (error) {
      await recount(false).catch(() => undefined);
      throw error;
    }
    if (live.list.length) await recount(true);
  }

  /**
   * When a campaign filters on tags, the page of entities after `after`
   * as read before its transaction, with their catalog tags (entities
   * without the tags asked for come back without).
   */
  private async windowAfter(
    live: LiveCampaigns,
    after: string,
  ): Promise<PageWindow> {
    const wanted = tagsWanted(live.list);
    // Without tags to read, the page's transaction reads the page itself.
    if (!wanted.length) return { refs: new Set() };
    const refs = await this.deps.store.campaigns.progress.candidateRefs(
      after,
      this.pageSize,
    );
    return {
      refs: new Set(refs),
      until: refs.length === this.pageSize ? refs[refs.length - 1] : undefined,
      tags: await this.deps.tagsOfRefs(refs, wanted),
    };
  }

  /**
   * Replaces the rows of the window's entities (after `after`, up to its
   * `until`); the ref to go on from, or undefined after the last.
   */
  private async writePage(
    tx: StoreTransaction,
    live: LiveCampaigns,
    since: string,
    window: PageWindow,
    after: string,
  ): Promise<string | undefined> {
    const progress = this.deps.store.campaigns.progress;
    await progress.lock(tx);
    const ids = await live.refresh(tx);
    if (!ids.length) return undefined;
    let until = window.until;
    const page = await progress.candidatePage(tx, after, {
      until,
      limit: until === undefined ? this.pageSize : undefined,
    });
    // Entities stored after the window was read: go on from the last.
    if (until === undefined && page.length === this.pageSize) {
      until = page[page.length - 1].member.entityRef;
    }
    // Up to the end after the last page: rows of entities gone go too.
    const stored = await progress.getRowsInRange(tx, ids, after, until);
    // Kept as they are: the rows of an entity a write stored since the
    // computation began (the write moved them, with its tags as they are
    // now), and, when tags matter, of one whose tags were not read.
    const kept = new Set(
      page
        .filter(
          c =>
            c.computedAt > since ||
            (window.tags && !window.refs.has(c.member.entityRef)),
        )
        .map(c => c.member.entityRef),
    );
    const computed = page.filter(c => !kept.has(c.member.entityRef));
    const hierarchy = await this.chains.covering(
      tx,
      computed.flatMap(c => c.member.owner ?? []),
    );
    const { puts, deletes } = changedRows(
      stored.filter(r => !kept.has(r.entityRef)),
      this.rowsOf(live.list, computed, window.tags ?? NO_TAGS, hierarchy),
    );
    await progress.putEntityRows(tx, puts);
    await progress.deleteEntityRows(tx, deletes);
    return until;
  }

  /**
   * Every group's counts of the live campaigns from their rows, and the
   * day's burn-up line; once every page is `complete`, their progress is no
   * longer pending.
   */
  private async recount(
    tx: StoreTransaction,
    live: LiveCampaigns,
    clock: () => Date,
    complete: boolean,
  ) {
    const { store } = this.deps;
    const progress = store.campaigns.progress;
    await progress.lock(tx);
    const ids = await live.refresh(tx);
    if (!ids.length) return;
    const counted = await progress.countRowsByOwner(tx, ids);
    const hierarchy = new GroupHierarchy(
      await store.getGroupChains(
        [...new Set(counted.flatMap(c => c.owner ?? []))],
        tx,
      ),
    );
    const counts = new Map<string, CampaignGroupCounts>(
      ids.map(id => [id, new Map()]),
    );
    for (const c of counted) {
      const chain = ownerChain(c.owner, hierarchy);
      moveCampaignCounts(counts.get(c.campaignId)!, chain, c.done, c.count);
    }
    for (const [id, campaignCounts] of counts) {
      await progress.replaceCounts(tx, id, campaignCounts);
    }
    // The day the counts are taken, not the day the computation began.
    await progress.recordDay(tx, ids, today(clock()));
    // Computed for what they ask as stored now (read under the lock).
    if (complete) {
      await store.campaigns.definitions.progressComputed(tx, live.marksOf(ids));
    }
  }

  /** The rows the campaigns ask of a page of stored scorecards. */
  private rowsOf(
    campaigns: readonly Campaign[],
    page: CampaignCandidateRow[],
    tags: PageTags,
    hierarchy: GroupHierarchy,
  ): CampaignEntityRow[] {
    const evaluators = campaigns.map(
      c => new CampaignEvaluator(c, this.deps.model),
    );
    const rows: CampaignEntityRow[] = [];
    for (const stored of page) {
      const candidate = {
        member: stored.member,
        checks: stored.checks,
        tags: tags.get(stored.member.entityRef),
      };
      const chain = ownerChain(stored.member.owner, hierarchy);
      for (const evaluator of evaluators) {
        if (evaluator.matches(candidate, chain)) {
          rows.push(rowOf(evaluator, candidate, stored.title));
        }
      }
    }
    return rows;
  }
}
