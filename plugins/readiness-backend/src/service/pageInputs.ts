import {
  entityRefOf,
  EntityScoringInput,
  ReadinessEngine,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import { Entity } from '@backstage/catalog-model';
import { ReadinessStore, StoreTransaction } from '../database/ReadinessStore';
import { FullRunCatalog } from './fullRunCatalog';
import { Organisation } from './fullRunOrganisation';
import { HandedDown, recordsKeyOf } from './inputFingerprint';
import { holdersOf } from './refLookups';
import { inheritablesOf, scoringInputsOf } from './scoringInputs';

/** What a page found that the run must read from the catalog before scoring it. */
export interface StalePage {
  /** Role holders the run has not looked up. */
  holders: string[];
  /** Systems whose answers, roles or cost table a write moved since the run read them. */
  systems: string[];
}

/**
 * A full-run page's scoring inputs, read under the writers' locks of its
 * entities, as a write reads them: a write that committed before the locks
 * is scored, one that comes after waits for the page. When the inputs name
 * holders the run has not looked up, or a System that a write moved since
 * the run's first pass read it, those are returned instead (unless
 * `force`): reading them is a catalog call, made outside the transaction,
 * and then the page starts again.
 */
export async function lockedPageInputs(
  store: ReadinessStore,
  tx: StoreTransaction,
  entities: Entity[],
  org: Pick<Organisation, 'inheritables' | 'lookups' | 'absentSystems'>,
  force: boolean,
): Promise<{ inputs: EntityScoringInput[] } | { stale: StalePage }> {
  await store.lockEntities(tx, entities.map(entityRefOf));
  const inputs = await scoringInputsOf(store, tx, entities, org.inheritables);
  if (force) return { inputs };
  const holders = org.lookups.unresolved(
    inputs.flatMap(i => holdersOf(i.portalRoles)),
  );
  const systems = await movedSystems(store, tx, inputs, org.absentSystems);
  return holders.length || systems.length
    ? { stale: { holders, systems } }
    : { inputs };
}

/**
 * The page's Systems whose stored records differ from those its inputs were
 * built with. The inputs' own hand-downs are compared, not the run's map:
 * another page may have read a System again meanwhile. A System the run
 * has not read (it joined the catalog since the first pass) moved when it
 * now has records: a write reads it from the catalog and hands them down.
 * One the catalog did not have when the run last asked is left alone.
 */
async function movedSystems(
  store: ReadinessStore,
  tx: StoreTransaction,
  inputs: EntityScoringInput[],
  absent: ReadonlySet<string>,
): Promise<string[]> {
  const used = new Map<string, HandedDown | undefined>();
  for (const input of inputs) {
    const ref = systemRefOf(input.entity);
    if (ref && (input.system || !absent.has(ref))) {
      used.set(ref, input.system);
    }
  }
  if (!used.size) return [];
  const refs = [...used.keys()];
  const answers = await store.getAnswers(refs, tx);
  const roles = await store.getRoles(refs, tx);
  const costs = await store.getCostTables(refs, tx);
  const none = recordsKeyOf(undefined, undefined, undefined);
  return refs.filter(
    ref =>
      (used.get(ref)?.recordsKey ?? none) !==
      recordsKeyOf(answers.get(ref), roles.get(ref), costs.get(ref)),
  );
}

/**
 * Brings the run's organisation up to date with what a page found stale:
 * the holders looked up, the Systems read again (body and records) with
 * their holders, and those the catalog no longer has noted as absent.
 * Outside any transaction.
 */
export async function refreshStale(
  deps: {
    store: ReadinessStore;
    engine: ReadinessEngine;
    catalog: FullRunCatalog;
    transaction: <T>(fn: (tx: StoreTransaction) => Promise<T>) => Promise<T>;
  },
  org: Pick<Organisation, 'inheritables' | 'lookups' | 'absentSystems'>,
  stale: StalePage,
): Promise<void> {
  await org.lookups.resolve(stale.holders);
  if (!stale.systems.length) return;
  const bodies = await deps.catalog.bodies(stale.systems);
  const fresh = await deps.transaction(tx =>
    inheritablesOf(deps.store, deps.engine, tx, bodies),
  );
  for (const ref of stale.systems) {
    const system = fresh.get(ref);
    if (system) {
      org.inheritables.set(ref, system);
      org.absentSystems.delete(ref);
    } else {
      // Its parts are scored without it, as a write scores them.
      org.inheritables.delete(ref);
      org.absentSystems.add(ref);
    }
  }
  await org.lookups.resolve(
    [...fresh.values()].flatMap(s => holdersOf(s.roles.values())),
  );
}
