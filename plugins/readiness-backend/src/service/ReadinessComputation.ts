import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  addToAggregate,
  computeRollups,
  entityRefOf,
  EntityScorecard,
  InheritableReadiness,
  ReadinessEngine,
  Rollup,
  RollupMember,
  summarizeAggregate,
  systemRefOf,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { Knex } from 'knex';
import {
  ReadinessStore,
  ScorecardRowInput,
  SnapshotEntity,
  Tx,
} from '../database/ReadinessStore';
import { toScorecardRow } from './scorecardRow';
import {
  CatalogIndex,
  ENTITY_FIELDS,
  indexRefs,
  referencedRefs,
  structureOf,
} from './catalogLookup';

/** State key of the last full computation. */
export const LAST_RUN_STATE = 'last-full-run';

/** What the last full computation did, kept in the state table. */
export interface LastRunState {
  startedAt: string;
  finishedAt?: string;
  entities?: number;
  /** Scorecards that changed and were rewritten. */
  written?: number;
  /** Scorecards of entities gone from the catalog. */
  removed?: number;
  rollups?: number;
  /** Time spent reading the catalog, and in the database transaction. */
  catalogReadMs?: number;
  transactionMs?: number;
  /** The day whose snapshot the last run completed. */
  snapshotDay?: string;
  hierarchyProblems?: string[];
  /** Set while the catalog cannot be read; results are then stale. */
  catalogUnreachableSince?: string;
  error?: string;
}

const today = (now: Date) => now.toISOString().slice(0, 10);

const snapshotOf = (scorecard: EntityScorecard): SnapshotEntity => ({
  ref: scorecard.entityRef,
  owner: scorecard.owner,
  title: scorecard.title,
  score: scorecard.score,
  level: scorecard.level,
});

/**
 * Computes scorecards and rollups with the engine and stores them: the full
 * run over the whole catalog (scheduled), and the recomputation of one entity
 * and its ancestors right after a write. Catalog reads happen before a
 * transaction opens; transactions only touch the database.
 */
export class ReadinessComputation {
  constructor(
    private readonly deps: {
      engine: ReadinessEngine;
      store: ReadinessStore;
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      snapshotRetentionDays: number;
    },
  ) {}

  private serviceCredentials(): Promise<BackstageCredentials> {
    return this.deps.auth.getOwnServiceCredentials();
  }

  /** Scores a batch of entities inside a transaction, with their stored answers. */
  private async scoreBatch(
    tx: Tx,
    entities: Entity[],
    systems: Map<string, InheritableReadiness>,
    catalog: CatalogIndex,
    now: Date,
  ): Promise<EntityScorecard[]> {
    const refs = entities.map(entityRefOf);
    // One after the other: a transaction is one connection.
    const answers = await this.deps.store.getAnswers(refs, tx);
    const roles = await this.deps.store.getRoles(refs, tx);
    const results = await this.deps.store.getResults(refs, tx);
    return entities.map((entity, i) => {
      const systemRef = systemRefOf(entity);
      return this.deps.engine.score(
        {
          entity,
          portalAnswers: answers.get(refs[i]),
          portalRoles: roles.get(refs[i]),
          automaticResults: results.get(refs[i]),
          system: systemRef ? systems.get(systemRef) : undefined,
        },
        { now, catalog },
      );
    });
  }

  private async inheritables(tx: Tx, systems: Entity[]) {
    const refs = systems.map(entityRefOf);
    const answers = await this.deps.store.getAnswers(refs, tx);
    const roles = await this.deps.store.getRoles(refs, tx);
    return new Map(
      systems.map((system, i) => [
        refs[i],
        this.deps.engine.inheritableFrom(
          system,
          answers.get(refs[i]),
          roles.get(refs[i]),
        ),
      ]),
    );
  }

  /**
   * Reads the whole catalog in pages, scores every entity a check applies to,
   * and replaces the stored scorecards, rollups and today's snapshot in one
   * transaction. Writes that land while it runs are recomputed afterwards.
   */
  async runFull(): Promise<LastRunState> {
    const { store, engine, catalog, logger } = this.deps;
    const startedAt = new Date();
    const previous = await store.getState<LastRunState>(LAST_RUN_STATE);
    const watermark = await store.historyWatermark();

    const index = new CatalogIndex();
    const scorable: Entity[] = [];
    const structural: Entity[] = [];
    const systems: Entity[] = [];
    try {
      const credentials = await this.serviceCredentials();
      for await (const page of catalog.streamEntities(
        { fields: ENTITY_FIELDS, pageSize: 1000 },
        { credentials },
      )) {
        for (const entity of page) {
          index.add(entity);
          const kind = entity.kind.toLowerCase();
          if (kind === 'group' || kind === 'system' || kind === 'domain')
            structural.push(entity);
          if (kind === 'system') systems.push(entity);
          if (engine.appliesTo(kind)) scorable.push(entity);
        }
      }
    } catch (error) {
      const state: LastRunState = {
        ...previous,
        startedAt: previous?.startedAt ?? startedAt.toISOString(),
        catalogUnreachableSince:
          previous?.catalogUnreachableSince ?? startedAt.toISOString(),
        error: String(error),
      };
      await store.setState(LAST_RUN_STATE, state);
      logger.warn(
        `Readiness computation could not read the catalog; serving the last results as stale: ${error}`,
      );
      return state;
    }

    const now = new Date();
    const catalogReadMs = now.getTime() - startedAt.getTime();
    const computedAt = now.toISOString();
    const structure = structureOf(structural);
    const day = today(now);
    // Today's snapshot is written whole by the day's first run; later runs
    // only touch the entities whose scorecard changed.
    const fullSnapshot = previous?.snapshotDay !== day;
    const state = await store.transaction(async tx => {
      const inheritables = await this.inheritables(tx, systems);
      const stored = await store.getScorecardFingerprints(tx);
      const members: RollupMember[] = [];
      const snapshotRows: SnapshotEntity[] = [];
      let written = 0;
      for (let i = 0; i < scorable.length; i += 500) {
        const batch = scorable.slice(i, i + 500);
        const scorecards = await this.scoreBatch(
          tx,
          batch,
          inheritables,
          index,
          now,
        );
        const changed: ScorecardRowInput[] = [];
        for (const [j, scorecard] of scorecards.entries()) {
          const row = toScorecardRow(scorecard, batch[j].metadata.etag);
          members.push(row.member);
          const unchanged = stored.get(scorecard.entityRef) === row.fingerprint;
          stored.delete(scorecard.entityRef);
          if (!unchanged) changed.push(row);
          if (!unchanged || fullSnapshot) {
            snapshotRows.push(snapshotOf(scorecard));
          }
        }
        await store.putScorecards(tx, changed);
        written += changed.length;
      }
      // What is left was scored before but is gone from the catalog.
      await store.deleteScorecards(tx, [...stored.keys()]);
      const { rollups, problems } = computeRollups(members, structure);
      await store.putRollups(tx, rollups, computedAt);
      await store.deleteRollupsComputedBefore(tx, computedAt);
      await store.putSnapshots(tx, day, snapshotRows, rollups);
      const result: LastRunState = {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        catalogReadMs,
        transactionMs: Date.now() - now.getTime(),
        entities: members.length,
        written,
        removed: stored.size,
        rollups: rollups.length,
        snapshotDay: day,
        hierarchyProblems: problems.map(p => p.message),
      };
      await store.setState(LAST_RUN_STATE, result, tx);
      return result;
    });
    for (const problem of state.hierarchyProblems ?? []) {
      logger.warn(`Readiness rollup: ${problem}`);
    }

    const cutoff = new Date(
      now.getTime() - this.deps.snapshotRetentionDays * 86400000,
    );
    await store.deleteSnapshotsBefore(today(cutoff));

    // Answers written while the run read its inputs are recomputed on their own.
    for (const ref of await store.entitiesChangedSince(watermark)) {
      try {
        const entity = await catalog.getEntityByRef(ref, {
          credentials: await this.serviceCredentials(),
        });
        if (entity) await this.recompute(entity);
      } catch (error) {
        logger.warn(`Could not recompute ${ref} after the full run: ${error}`);
      }
    }
    logger.info(
      `Readiness computed ${state.entities} scorecards and ${
        state.rollups
      } rollups in ${Date.now() - startedAt.getTime()} ms`,
    );
    return state;
  }

  /**
   * Runs `write` and recomputes the entity (and, for a System, every part
   * that inherits from it) plus all their rollups, in one transaction. The
   * catalog is read before the transaction starts.
   */
  async recompute<T = void>(
    entity: Entity,
    write?: (tx: Knex.Transaction) => Promise<T>,
    newHolders: string[] = [],
  ): Promise<{ result: T; scorecard?: EntityScorecard }> {
    const { store, engine, catalog } = this.deps;
    const credentials = await this.serviceCredentials();
    const kind = entity.kind.toLowerCase();
    const entityRef = entityRefOf(entity);

    const targets: Entity[] = engine.appliesTo(kind) ? [entity] : [];
    let system: Entity | undefined;
    const systemRef = systemRefOf(entity);
    if (systemRef) {
      system = await catalog.getEntityByRef(systemRef, { credentials });
    } else if (kind === 'system') {
      system = entity;
      for await (const page of catalog.streamEntities(
        { filter: { 'relations.partOf': entityRef }, fields: ENTITY_FIELDS },
        { credentials },
      )) {
        targets.push(...page.filter(e => engine.appliesTo(e.kind)));
      }
    }
    // Everything the engine will ask of the catalog: owners, dependencies and
    // role holders named in annotations or stored assignments.
    const scored = system ? [...targets, system] : targets;
    const holders = new Set<string>(newHolders);
    for (const list of (
      await store.getRoles(scored.map(entityRefOf))
    ).values()) {
      for (const role of list) role.holders.forEach(h => holders.add(h));
    }
    for (const e of scored) {
      for (const role of engine.inheritableFrom(e).roles.values()) {
        role.holders.forEach(h => holders.add(h));
      }
    }
    const refs = new Set<string>(holders);
    for (const target of targets) {
      for (const r of referencedRefs(target)) refs.add(r);
    }
    const index = await indexRefs(catalog, credentials, [...refs]);

    const now = new Date();
    return store.transaction(async tx => {
      const result = write ? await write(tx) : (undefined as T);
      const inheritables = system
        ? await this.inheritables(tx, [system])
        : new Map();
      const scorecards = await this.scoreBatch(
        tx,
        targets,
        inheritables,
        index,
        now,
      );
      await this.applyDeltas(tx, scorecards, targets, now);
      return {
        result,
        scorecard: scorecards.find(s => s.entityRef === entityRef),
      };
    });
  }

  /** Stores new scorecards and moves every affected rollup by old → new. */
  private async applyDeltas(
    tx: Knex.Transaction,
    scorecards: EntityScorecard[],
    entities: Entity[],
    now: Date,
  ) {
    const { store } = this.deps;
    const changes: { old?: RollupMember; next: RollupMember }[] = [];
    for (const scorecard of scorecards) {
      const old = await store.getScorecard(scorecard.entityRef, tx, true);
      changes.push({ old: old?.member, next: toRollupMember(scorecard) });
    }
    const chains = new Map<string, string[]>();
    const chainOf = async (member: RollupMember) => {
      const refs: string[] = [];
      if (member.owner) {
        if (!chains.has(member.owner)) {
          const chain: string[] = [];
          let current: string | undefined = member.owner;
          while (current && !chain.includes(current)) {
            const rollup: Rollup | undefined = (
              await store.getRollups([current], tx)
            ).get(current);
            if (!rollup) break;
            chain.push(current);
            current = rollup.parent;
          }
          chains.set(member.owner, chain);
        }
        refs.push(...chains.get(member.owner)!);
      }
      const system =
        member.kind === 'system' ? member.entityRef : member.system;
      if (system) refs.push(system);
      if (member.domain) refs.push(member.domain);
      return refs;
    };
    const deltas = new Map<
      string,
      { remove: RollupMember[]; add: RollupMember[] }
    >();
    const delta = (ref: string) => {
      let d = deltas.get(ref);
      if (!d) deltas.set(ref, (d = { remove: [], add: [] }));
      return d;
    };
    for (const { old, next } of changes) {
      if (old)
        for (const ref of await chainOf(old)) delta(ref).remove.push(old);
      for (const ref of await chainOf(next)) delta(ref).add.push(next);
    }
    const rollups = await store.getRollups([...deltas.keys()], tx, true);
    const updated: Rollup[] = [];
    for (const [ref, d] of deltas) {
      const rollup = rollups.get(ref);
      if (!rollup) continue;
      const aggregate = structuredClone(rollup.aggregate);
      for (const m of d.remove) addToAggregate(aggregate, m, -1);
      for (const m of d.add) addToAggregate(aggregate, m, 1);
      updated.push({ ...rollup, ...summarizeAggregate(aggregate), aggregate });
    }
    const etags = new Map(entities.map(e => [entityRefOf(e), e.metadata.etag]));
    await store.putScorecards(
      tx,
      scorecards.map((scorecard, i) =>
        toScorecardRow(
          scorecard,
          etags.get(scorecard.entityRef),
          changes[i].next,
        ),
      ),
    );
    const computedAt = now.toISOString();
    await store.putRollups(tx, updated, computedAt);
    await store.putSnapshots(
      tx,
      today(now),
      scorecards.map(snapshotOf),
      updated,
    );
  }
}
