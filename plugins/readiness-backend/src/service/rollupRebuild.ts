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
 * is being written whole). Then the scorecards of entities gone from the
 * catalog (left out of the rollups already) go in a transaction of their own.
 * An entity the run's first pass did not see but whose scorecard was computed
 * since the run started (a write or the freshness pass found it in the
 * catalog) joined the catalog meanwhile: it is counted, not gone.
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
  const result = await transaction(async tx => {
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
      const unseen = members
        .filter(m => !options.exists(m.entityRef))
        .map(m => m.entityRef);
      const joined = unseen.length
        ? await store.scorecardsComputedSince(tx, unseen, options.startedAt)
        : new Set<string>();
      for (const member of members) {
        const present =
          options.exists(member.entityRef) || joined.has(member.entityRef);
        if (present && engine.appliesTo(member.kind)) {
          builder.add(member);
          impact.add(member);
          entities++;
          const level = member.notAssessed
            ? NOT_ASSESSED
            : member.level ?? NO_LEVEL;
          levels[level] = (levels[level] ?? 0) + 1;
        } else {
          gone.push(member.entityRef);
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
  if (result.gone.length) {
    await transaction(tx => store.deleteScorecards(tx, result.gone));
  }
  return result;
}
