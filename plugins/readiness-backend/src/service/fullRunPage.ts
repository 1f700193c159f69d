import { Entity } from '@backstage/catalog-model';
import {
  entityRefOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import {
  BasisToKeep,
  FingerprintBasis,
  ReadinessStore,
  ScorecardRowInput,
  SnapshotEntity,
  StoredScorecardInputs,
  StoreTransaction,
} from '../database/ReadinessStore';
import { snapshotOf, today } from './applyDeltas';
import { Organisation } from './fullRunOrganisation';
import { InputFingerprints } from './inputFingerprint';
import { lockedPageInputs, StalePage } from './pageInputs';
import { toSummaryRow } from './scorecardRow';
import { recordTablesIn } from './scoringInputs';

/** Scorecards written per statement batch within a page. */
const WRITE_BATCH = 100;

/** What a full run's page is told besides its entities. */
export interface PageOptions {
  /** The day's first run writes every entity's snapshot line. */
  fullSnapshot: boolean;
  /** The page's entities whose stored scorecard still holds. */
  unchanged: string[];
  bases: Map<Entity, FingerprintBasis>;
  /** When the run started, before it read the organisation (ISO). */
  runStartedAt: string;
}

/**
 * Whether the stored scorecard was scored since the run started, by the
 * freshness pass or a write (which store no input fingerprint), from the
 * body the page read: with the Systems and lookups of then, newer than those
 * the run read at its start, which would undo it (a System edited since).
 * The next run decides it again.
 */
function scoredSinceRunStarted(
  previous: StoredScorecardInputs,
  entity: Entity,
  runStartedAt: string,
): boolean {
  return (
    !previous.inputFingerprint &&
    previous.computedAt > runStartedAt &&
    previous.entityEtag === entity.metadata.etag
  );
}

/** What the pages of a run did, for its state. */
export interface PageTally {
  rescored: number;
  written: number;
}

/**
 * Scores the entities of one page whose inputs changed, and writes them;
 * on the day's first run, the snapshot lines of the unchanged ones too.
 * Their inputs are read under the writers' locks, which a write to the
 * same entities (whose rows the page could otherwise hold in another
 * order) takes turns with. Snapshot lines alone need none: both write
 * them in ref order, and an unchanged entity's line, read without its
 * lock, does not replace one a write stored meanwhile.
 */
export async function scorePage(
  deps: { store: ReadinessStore; engine: ReadinessEngine; tally: PageTally },
  tx: StoreTransaction,
  page: {
    entities: Entity[];
    org: Organisation;
    fingerprints: InputFingerprints;
    now: Date;
    options: PageOptions;
  },
  force: boolean,
): Promise<StalePage | undefined> {
  const { store, engine, tally } = deps;
  const { entities, org, fingerprints, now, options } = page;
  const { fullSnapshot } = options;
  const computedAt = now.toISOString();
  const locked = await lockedPageInputs(store, tx, entities, org, force);
  if ('stale' in locked) return locked.stale;
  const { inputs } = locked;
  const scored = entities.map(entityRefOf);
  const stored = await store.getScorecardInputs(
    [...scored, ...(fullSnapshot ? options.unchanged : [])],
    tx,
  );
  const changed: ScorecardRowInput[] = [];
  const snapshots: SnapshotEntity[] = [];
  const bases = new Map<string, BasisToKeep>();
  // Read without their locks: a write may have stored a newer line since.
  const unlocked: SnapshotEntity[] = [];
  if (fullSnapshot) {
    for (const ref of options.unchanged) {
      const previous = stored.get(ref);
      if (previous) unlocked.push(previous.snapshot);
    }
  }
  // Written as they accumulate, so few full scorecards live at a time;
  // the next batch is scored while the database writes this one.
  let writing: Promise<void> = Promise.resolve();
  const write = async () => {
    await writing;
    const batch = changed.splice(0);
    writing = store.putScorecards(tx, batch);
    // Awaited before the next write; a failure meanwhile is not unhandled.
    writing.catch(() => {});
    tally.written += batch.length;
  };
  for (const input of inputs) {
    const inputBasis =
      options.bases.get(input.entity) ?? fingerprints.basisOf(input.entity);
    const inputFingerprint = fingerprints.ofBasis(inputBasis, input);
    const previous = stored.get(entityRefOf(input.entity));
    if (
      previous &&
      scoredSinceRunStarted(previous, input.entity, options.runStartedAt)
    ) {
      if (fullSnapshot) snapshots.push(previous.snapshot);
      continue;
    }
    // Inputs unchanged: the stored scorecard is what scoring would give;
    // only its basis or record tables may be new (kept from before they
    // were stored).
    if (previous && previous.inputFingerprint === inputFingerprint) {
      if (fullSnapshot) snapshots.push(previous.snapshot);
      const inputRecords = previous.inputRecords ?? recordTablesIn(input);
      if (!previous.inputBasis || (inputRecords && !previous.inputRecords)) {
        bases.set(entityRefOf(input.entity), {
          inputBasis,
          inputRecords,
          inputFingerprint,
        });
      }
      continue;
    }
    tally.rescored++;
    // Summarised: the detail is built when the scorecard is read.
    const summary = engine.summarize(input, { now, catalog: org.index });
    const row = toSummaryRow(summary, input.entity, computedAt, {
      fingerprint: inputFingerprint,
      basis: inputBasis,
      records: recordTablesIn(input),
    });
    changed.push(row);
    if (previous?.fingerprint !== row.fingerprint || fullSnapshot) {
      snapshots.push(snapshotOf(row));
    }
    if (changed.length === WRITE_BATCH) await write();
  }
  await write();
  await writing;
  await store.putInputBases(tx, bases);
  await store.putSnapshots(tx, today(now), snapshots, []);
  // A line the day already has is a write's, as recent as the scorecard read here or more.
  await store.putSnapshots(tx, today(now), unlocked, [], { keepStored: true });
  return undefined;
}
