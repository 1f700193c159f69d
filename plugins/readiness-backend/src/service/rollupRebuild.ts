import {
  HIERARCHY_PROBLEMS_LISTED,
  NO_LEVEL,
  NOT_ASSESSED,
  OrgStructure,
  OwnersOutsideGroups,
  ReadinessEngine,
  RollupBuilder,
  UpcomingImpactBuilder,
} from '@prodready/plugin-readiness-common';
import { isDeepStrictEqual } from 'util';
import { ReadinessStore, StoreTransaction } from '../database/ReadinessStore';
import { today } from './applyDeltas';
import { UPCOMING_IMPACT_STATE } from './lastRunState';

/**
 * Stored rollup members read per query when the rollups are rebuilt. A page
 * lives while the next one is read; larger pages outlive the young
 * generation's collections and fill the old one with garbage.
 */
const MEMBER_PAGE_SIZE = 1000;
/** Rollups whose snapshot lines (each with the rollup's JSON) are built and written at a time. */
const SNAPSHOT_BATCH = 100;
/** Stored refs read per query when looking for those the catalog lacks. */
const REF_PAGE_SIZE = 5000;

/**
 * What a rebuild found: counted members, their levels, those gone, the
 * rollups, the tree's problems and the members outside every group.
 */
export interface RollupRebuild {
  entities: number;
  levels: Record<string, number>;
  gone: string[];
  rollups: number;
  hierarchyProblems: string[];
  hierarchyProblemsTotal: number;
  /** Absent only when kept from a run of a release that did not count them. */
  ownersOutsideGroups?: OwnersOutsideGroups;
}

/**
 * The full run's last pass: the rollups from every stored member, with every
 * rollup row locked, so a write landing meanwhile either finishes first (and
 * its scorecard is read) or moves the rebuilt rollups afterwards. Only the
 * rollups that changed are written (and snapshotted, unless today's snapshot
 * is being written whole).
 *
 * The stored scorecards of entities the run's first pass did not see are
 * locked first, as a write locks them before it asks for rollup rows: a
 * write to one of them finishes before the rebuild reads it, or waits and
 * finds it gone. One computed since the run started (a write or the
 * freshness pass found it in the catalog) joined the catalog meanwhile: it
 * is counted, not gone. The others are left out of the rollups and deleted
 * in the same transaction, as are the scorecards of kinds the model no
 * longer scores.
 */
export async function rebuildRollups(options: {
  engine: ReadinessEngine;
  store: ReadinessStore;
  structure: OrgStructure;
  /** Whether an entity is still in the catalog, as the run's first pass read it. */
  exists: (entityRef: string) => boolean;
  /** When the run started (ISO). */
  startedAt: string;
  now: Date;
  fullSnapshot: boolean;
  transaction: <T>(fn: (tx: StoreTransaction) => Promise<T>) => Promise<T>;
}): Promise<RollupRebuild> {
  const { store, engine, now, transaction } = options;
  return transaction(async tx => {
    const held = await lockUnseen(store, tx, options.exists);
    // Held and computed since the run started: back in the catalog. A row
    // the catalog lacks that is not held was stored since the scan: so too.
    const joined = held.size
      ? await store.scorecardsComputedSince(tx, [...held], options.startedAt)
      : new Set<string>();
    const stored = await store.lockRollups(tx);
    const builder = new RollupBuilder(options.structure);
    const impact = new UpcomingImpactBuilder(engine.model);
    const gone: string[] = [];
    let entities = 0;
    const levels: Record<string, number> = {};
    for await (const members of store.streamRollupMembers(
      tx,
      MEMBER_PAGE_SIZE,
    )) {
      for (const member of members) {
        const ref = member.entityRef;
        const present = !held.has(ref) || joined.has(ref);
        if (present && engine.appliesTo(member.kind)) {
          builder.add(member);
          impact.add(member);
          entities++;
          const level = member.notAssessed
            ? NOT_ASSESSED
            : member.level ?? NO_LEVEL;
          levels[level] = (levels[level] ?? 0) + 1;
        } else {
          // Gone from the catalog (its row held), or of a kind the model no
          // longer scores, which no write touches.
          gone.push(ref);
        }
      }
    }
    const { rollups, problems, ownersOutsideGroups } = builder.build();
    const changed = rollups.filter(
      r => !isDeepStrictEqual(r, stored.get(r.ref)),
    );
    await store.putRollups(tx, changed, now.toISOString());
    for (const r of rollups) stored.delete(r.ref);
    await store.deleteRollups(tx, [...stored.keys()]);
    await store.setState(UPCOMING_IMPACT_STATE, impact.build(now), tx);
    // A batch at a time: the store builds every line's JSON before writing.
    const snapshots = options.fullSnapshot ? rollups : changed;
    for (let i = 0; i < snapshots.length; i += SNAPSHOT_BATCH) {
      const batch = snapshots.slice(i, i + SNAPSHOT_BATCH);
      await store.putSnapshots(tx, today(now), [], batch);
    }
    await store.deleteScorecards(tx, gone);
    return {
      entities,
      levels,
      gone,
      rollups: rollups.length,
      // Cycles first: the hierarchy finds them last, and a cycle cuts a
      // link the rollups would otherwise follow.
      hierarchyProblems: [
        ...problems.filter(p => p.type === 'cycle'),
        ...problems.filter(p => p.type !== 'cycle'),
      ]
        .slice(0, HIERARCHY_PROBLEMS_LISTED)
        .map(p => p.message),
      hierarchyProblemsTotal: problems.length,
      ownersOutsideGroups,
    };
  });
}

/**
 * The refs of stored scorecards whose entities `exists` does not know,
 * their rows locked (in lock order, waiting for writes that hold them).
 */
async function lockUnseen(
  store: ReadinessStore,
  tx: StoreTransaction,
  exists: (entityRef: string) => boolean,
): Promise<Set<string>> {
  const unseen: string[] = [];
  for await (const refs of store.streamScorecardRefs(tx, REF_PAGE_SIZE)) {
    for (const ref of refs) if (!exists(ref)) unseen.push(ref);
  }
  if (!unseen.length) return new Set();
  return new Set((await store.lockMembers(tx, unseen)).keys());
}
