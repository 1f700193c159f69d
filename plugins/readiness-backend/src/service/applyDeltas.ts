import { Entity } from '@backstage/catalog-model';
import {
  entityRefOf,
  EntityScorecard,
  GroupHierarchy,
  kindOfRef,
  MemberChange,
  Rollup,
  RollupChanges,
  RollupKind,
  summarizeAggregate,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import {
  ReadinessStore,
  ScorecardRowInput,
  SnapshotEntity,
  StoreTransaction,
} from '../database/ReadinessStore';
import { toScorecardRow } from './scorecardRow';

/** The day of a snapshot. */
export const today = (now: Date) => now.toISOString().slice(0, 10);

/** An entity's line of a daily snapshot, from its stored row. */
export const snapshotOf = ({
  member,
  title,
}: ScorecardRowInput): SnapshotEntity => ({
  ref: member.entityRef,
  owner: member.owner,
  title,
  score: member.score,
  level: member.level,
});

/** Writers retry this often at most when a full run moved the group tree under them. */
const MAX_CHAIN_ATTEMPTS = 3;

/**
 * Whether a rollup the changes move is not stored: an owner group with no
 * row (its chain unknown), or a System or Domain with none.
 */
async function missesRollups(
  store: ReadinessStore,
  tx: StoreTransaction,
  owners: Set<string>,
  hierarchy: GroupHierarchy,
  affected: Map<string, RollupKind>,
) {
  for (const owner of owners) {
    if (kindOfRef(owner) === 'group' && !hierarchy.has(owner)) return true;
  }
  const others = [...affected].filter(([, kind]) => kind !== 'group');
  if (!others.length) return false;
  const stored = await store.storedRollupRefs(
    others.map(([ref]) => ref),
    tx,
  );
  return others.some(([ref]) => !stored.has(ref));
}

/**
 * The rollups `changes` move, locked, with the group tree they hang in. The
 * tree is the one the last full run stored (each rollup row keeps its
 * parent): every owner's chain comes in one recursive query. If a full run
 * stored another tree between that read and the locks, read it again.
 *
 * A rollup not stored yet may be one a full run's rebuild is creating from
 * members it read before this write: the write then waits for the rebuild
 * (taking the creation lock before any rollup row, as the rebuild does) and
 * reads the tree again, or its change would be counted by neither.
 */
async function lockAffectedRollups(
  store: ReadinessStore,
  tx: StoreTransaction,
  changes: MemberChange[],
) {
  const owners = new Set<string>();
  for (const { old, next } of changes) {
    if (old?.owner) owners.add(old.owner);
    if (next?.owner) owners.add(next.owner);
  }
  for (let attempt = 1; ; attempt++) {
    const hierarchy = new GroupHierarchy(
      await store.getGroupChains([...owners], tx),
    );
    const gathered = new RollupChanges(hierarchy);
    for (const change of changes) gathered.add(change);
    const affected = gathered.affected();
    // Only before any rollup row is held: once this write holds rows, a
    // rebuild cannot have read the members yet (it locks every row first),
    // and taking the lock then could wait in a cycle with one.
    if (
      attempt === 1 &&
      (await missesRollups(store, tx, owners, hierarchy, affected))
    ) {
      await store.lockRollupCreation(tx);
      continue;
    }
    const rollups = await store.getRollups([...affected.keys()], tx, true);
    const unchanged = [...affected].every(
      ([ref, kind]) =>
        kind !== 'group' || rollups.get(ref)?.parent === hierarchy.parent(ref),
    );
    if (unchanged || attempt === MAX_CHAIN_ATTEMPTS) {
      return { gathered, rollups };
    }
  }
}

/**
 * Stores new scorecards and moves every affected rollup by old → new. The
 * caller holds the serialisation locks of the scored entities, so the
 * stored scorecards it reads (old) are the ones its inputs moved on from.
 */
export async function applyDeltas(
  store: ReadinessStore,
  tx: StoreTransaction,
  scorecards: EntityScorecard[],
  entities: Entity[],
  now: Date,
) {
  // Locked in the order every writer and full-run page takes rows in.
  const olds = await store.lockMembers(
    tx,
    scorecards.map(s => s.entityRef),
  );
  const changes = scorecards.map(scorecard => ({
    old: olds.get(scorecard.entityRef),
    next: toRollupMember(scorecard),
  }));
  const { gathered, rollups } = await lockAffectedRollups(store, tx, changes);
  const aggregates = new Map(
    [...rollups].map(([ref, r]) => [ref, structuredClone(r.aggregate)]),
  );
  const updated: Rollup[] = [];
  for (const ref of gathered.applyTo(aggregates)) {
    const aggregate = aggregates.get(ref)!;
    updated.push({
      ...rollups.get(ref)!,
      ...summarizeAggregate(aggregate),
      aggregate,
    });
  }
  const etags = new Map(entities.map(e => [entityRefOf(e), e.metadata.etag]));
  const rows = scorecards.map((scorecard, i) =>
    toScorecardRow(scorecard, etags.get(scorecard.entityRef), changes[i].next),
  );
  await store.putScorecards(tx, rows);
  const computedAt = now.toISOString();
  await store.putRollups(tx, updated, computedAt);
  await store.putSnapshots(tx, today(now), rows.map(snapshotOf), updated);
}
