import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  Campaign,
  CampaignCandidate,
  CampaignEvaluator,
  CampaignGroupCounts,
  CheckStatus,
  entityRefOf,
  EntityScorecard,
  GroupHierarchy,
  moveCampaignCounts,
  ownerChain,
  ReadinessModel,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { CampaignEntityRow } from '../../database/campaignProgressTable';
import {
  ReadinessStore,
  StoreTransaction,
} from '../../database/ReadinessStore';
import { today } from '../applyDeltas';
import { PageTags, rowOf, tagsWanted } from './campaignRows';
import {
  LiveCampaigns,
  MarkedCampaigns,
  ProgressFromScratch,
} from './progressFromScratch';

/**
 * Stored scorecards a computation from scratch reads, and writes the rows
 * of, in one transaction: what a write may wait for.
 */
const PAGE_SIZE = 1000;

/** What a campaign reads of an entity's catalog tags. */
const TAG_FIELDS = [
  'kind',
  'metadata.namespace',
  'metadata.name',
  'metadata.tags',
];

/**
 * Computes campaign progress and keeps it current: from scratch over every
 * stored scorecard (after a full run, and when a campaign is created or
 * changed), and as a delta in the transaction of every write that scores
 * entities again. Both place an entity in its owner's group and all the
 * group's ancestors through the GroupHierarchy of the stored rollups.
 */
export class CampaignProgress {
  constructor(
    private readonly deps: {
      store: ReadinessStore;
      catalog: CatalogService;
      model: Pick<ReadinessModel, 'levels' | 'checks'>;
      credentials: () => Promise<BackstageCredentials>;
    },
    private readonly pageSize = PAGE_SIZE,
  ) {}

  /**
   * The catalog tags of those of these entities that carry one of `wanted`,
   * read from the catalog in one request.
   */
  async tagsOfRefs(refs: string[], wanted: string[]): Promise<PageTags> {
    const tags = new Map<string, string[]>();
    if (!refs.length) return tags;
    const { items } = await this.deps.catalog.getEntitiesByRefs(
      {
        entityRefs: refs,
        filter: { 'metadata.tags': wanted },
        fields: TAG_FIELDS,
      },
      { credentials: await this.deps.credentials() },
    );
    for (const entity of items) {
      if (entity) tags.set(entityRefOf(entity), entity.metadata.tags ?? []);
    }
    return tags;
  }

  /**
   * Throws the catalog's error when it cannot say which entities carry the
   * tags `campaigns` filter on: one entity asked for, before a campaign that
   * needs them is stored.
   */
  async assertTagsReadable(campaigns: Pick<Campaign, 'filter'>[]) {
    const wanted = tagsWanted(campaigns);
    if (!wanted.length) return;
    await this.deps.catalog.queryEntities(
      { filter: { 'metadata.tags': wanted }, fields: TAG_FIELDS, limit: 1 },
      { credentials: await this.deps.credentials() },
    );
  }

  /**
   * Computes the progress of the campaigns `began` lists (with their marks
   * as read when it began) from every stored scorecard and replaces what
   * was stored (see {@link ProgressFromScratch}); `current` lists the
   * campaigns and marks as stored.
   */
  recompute(
    began: MarkedCampaigns,
    clock: () => Date,
    since: string,
    current: (tx: StoreTransaction) => Promise<MarkedCampaigns>,
    signal?: AbortSignal,
  ) {
    return new ProgressFromScratch(
      {
        ...this.deps,
        tagsOfRefs: (refs, wanted) => this.tagsOfRefs(refs, wanted),
      },
      this.pageSize,
    ).run(new LiveCampaigns(began, current), since, clock, signal);
  }

  /**
   * Moves the progress of every campaign by the entities a write scored
   * again, in the write's transaction: rows in or out of each campaign, and
   * the counts by old → new with atomic increments.
   */
  async applyWrite(
    tx: StoreTransaction,
    campaigns: Campaign[],
    scorecards: EntityScorecard[],
    entities: Entity[],
    now: Date,
  ) {
    if (!campaigns.length || !scorecards.length) return;
    const { store, model } = this.deps;
    const progress = store.campaigns.progress;
    const refs = scorecards.map(s => s.entityRef);
    const old = await progress.getEntityRows(refs, tx);
    const owners = new Set<string>();
    for (const s of scorecards) if (s.owner) owners.add(s.owner);
    for (const rows of old.values()) {
      for (const r of rows) if (r.owner) owners.add(r.owner);
    }
    const hierarchy = new GroupHierarchy(
      await store.getGroupChains([...owners], tx),
    );
    const tagsByRef = new Map(
      entities.map(e => [entityRefOf(e), e.metadata.tags ?? []]),
    );
    const evaluators = campaigns.map(c => new CampaignEvaluator(c, model));
    const puts: CampaignEntityRow[] = [];
    const deletes: { campaignId: string; entityRef: string }[] = [];
    const deltas = new Map<string, CampaignGroupCounts>();
    const deltaOf = (id: string) => {
      let d = deltas.get(id);
      if (!d) deltas.set(id, (d = new Map()));
      return d;
    };
    for (const scorecard of scorecards) {
      const checks: Record<string, CheckStatus> = {};
      for (const c of scorecard.checks) checks[c.checkId] = c.status;
      const candidate: CampaignCandidate = {
        member: toRollupMember(scorecard),
        checks,
        tags: tagsByRef.get(scorecard.entityRef),
      };
      const chain = ownerChain(scorecard.owner, hierarchy);
      const before = old.get(scorecard.entityRef) ?? [];
      for (const evaluator of evaluators) {
        const id = evaluator.campaign.id;
        const was = before.find(r => r.campaignId === id);
        const next = evaluator.matches(candidate, chain)
          ? rowOf(evaluator, candidate, scorecard.title)
          : undefined;
        if (!was && !next) continue;
        if (was) {
          moveCampaignCounts(
            deltaOf(id),
            ownerChain(was.owner, hierarchy),
            was.done,
            -1,
          );
        }
        if (next) {
          moveCampaignCounts(deltaOf(id), chain, next.done, 1);
          puts.push(next);
        } else {
          deletes.push({ campaignId: id, entityRef: scorecard.entityRef });
        }
      }
    }
    await progress.putEntityRows(tx, puts);
    await progress.deleteEntityRows(tx, deletes);
    for (const [id, delta] of deltas) {
      await progress.addCounts(tx, id, delta);
    }
    await progress.recordDay(tx, [...deltas.keys()], today(now));
  }
}
