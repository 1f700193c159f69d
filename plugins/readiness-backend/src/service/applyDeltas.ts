import { Entity } from '@backstage/catalog-model';
import {
  addToAggregate,
  entityRefOf,
  EntityScorecard,
  Rollup,
  RollupMember,
  summarizeAggregate,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import {
  ReadinessStore,
  SnapshotEntity,
  StoreTransaction,
} from '../database/ReadinessStore';
import { toScorecardRow } from './scorecardRow';

/** The day of a snapshot. */
export const today = (now: Date) => now.toISOString().slice(0, 10);

/** An entity's line of a daily snapshot. */
export const snapshotOf = (scorecard: EntityScorecard): SnapshotEntity => ({
  ref: scorecard.entityRef,
  owner: scorecard.owner,
  title: scorecard.title,
  score: scorecard.score,
  level: scorecard.level,
});

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
    const system = member.kind === 'system' ? member.entityRef : member.system;
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
    if (old) for (const ref of await chainOf(old)) delta(ref).remove.push(old);
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
  await store.putSnapshots(tx, today(now), scorecards.map(snapshotOf), updated);
}
