import { Entity } from '@backstage/catalog-model';
import {
  CostTable,
  entityRefOf,
  EntityScoringInput,
  InheritableReadiness,
  ReadinessAnswer,
  ReadinessEngine,
  ReadinessRoleAssignment,
  systemRefOf,
} from '@prodready/plugin-readiness-common';
import {
  RECORD_TABLES,
  ReadinessStore,
  RecordTable,
  RefSelection,
  StoreTransaction,
} from '../database/ReadinessStore';
import {
  derivedFromOf,
  FingerprintRecords,
  HandedDown,
  recordsKeyOf,
} from './inputFingerprint';

/** What a batch of entities is scored from: their stored answers, roles, results, cost tables and open exemptions, and their System. */
export async function scoringInputsOf(
  store: ReadinessStore,
  tx: StoreTransaction,
  entities: Entity[],
  systems: Map<string, InheritableReadiness>,
): Promise<EntityScoringInput[]> {
  const refs = entities.map(entityRefOf);
  // One after the other: a transaction is one connection.
  const answers = await store.getAnswers(refs, tx);
  const roles = await store.getRoles(refs, tx);
  const results = await store.getResults(refs, tx);
  const costs = await store.getCostTables(refs, tx);
  const exemptions = await store.getOpenExemptions(refs, tx);
  return entities.map((entity, i) => {
    const systemRef = systemRefOf(entity);
    return {
      entity,
      portalAnswers: answers.get(refs[i]),
      portalRoles: roles.get(refs[i]),
      automaticResults: results.get(refs[i]),
      costTable: costs.get(refs[i]),
      system: systemRef ? systems.get(systemRef) : undefined,
      exemptions: exemptions.get(refs[i]),
    };
  });
}

/** The record tables a System hands down to its parts (see {@link inheritablesOf}). */
export const HANDED_DOWN_TABLES = ['answers', 'roles', 'costs'] as const;

/** Whether writing `tables` changes what a System hands down to its parts. */
export function handsDown(tables: RecordTable | readonly RecordTable[]) {
  const written = typeof tables === 'string' ? [tables] : tables;
  return written.some(table =>
    (HANDED_DOWN_TABLES as readonly RecordTable[]).includes(table),
  );
}

/** What each System hands down to its parts: its annotations and its stored answers, roles and cost table. */
export async function inheritablesOf(
  store: ReadinessStore,
  engine: ReadinessEngine,
  tx: StoreTransaction,
  systems: Entity[],
): Promise<Map<string, HandedDown>> {
  const refs = systems.map(entityRefOf);
  const answers = await store.getAnswers(refs, tx);
  const roles = await store.getRoles(refs, tx);
  const costs = await store.getCostTables(refs, tx);
  return new Map(
    systems.map((system, i) => [
      refs[i],
      handedDown(
        engine,
        system,
        answers.get(refs[i]),
        roles.get(refs[i]),
        costs.get(refs[i]),
      ),
    ]),
  );
}

/** What a System hands down to its parts, with what that was derived from. */
export function handedDown(
  engine: ReadinessEngine,
  system: Entity,
  portalAnswers?: ReadinessAnswer[],
  portalRoles?: ReadinessRoleAssignment[],
  costTable?: CostTable,
): HandedDown {
  const inheritable: HandedDown = engine.inheritableFrom(
    system,
    portalAnswers,
    portalRoles,
    costTable,
  );
  inheritable.derivedFrom = derivedFromOf(
    system,
    portalAnswers,
    portalRoles,
    costTable,
  );
  inheritable.recordsKey = recordsKeyOf(portalAnswers, portalRoles, costTable);
  inheritable.records = recordTablesWith({
    answers: portalAnswers,
    roles: portalRoles,
    costs: costTable,
  });
  return inheritable;
}

/** The tables among `records` that hold something. */
function recordTablesWith(
  records: Partial<Record<RecordTable, unknown[] | object | undefined>>,
): RecordTable[] {
  return RECORD_TABLES.filter(table => {
    const value = records[table];
    return Array.isArray(value) ? value.length > 0 : value !== undefined;
  });
}

/**
 * The record tables an entity was scored from rows of: its own and those its
 * System handed down. Undefined when the System's are not known (it was
 * not handed down by {@link handedDown}).
 */
export function recordTablesIn(
  input: FingerprintRecords,
): RecordTable[] | undefined {
  const system = input.system;
  if (system && !system.records) return undefined;
  const own = recordTablesWith({
    answers: input.portalAnswers,
    roles: input.portalRoles,
    results: input.automaticResults,
    costs: input.costTable,
    exemptions: input.exemptions,
  });
  return RECORD_TABLES.filter(
    table => own.includes(table) || system?.records?.includes(table),
  );
}

/**
 * The stored answers, roles, results, cost tables and open exemptions of a
 * few entities (or of a range of refs), the queries at once on the pool
 * (not in a transaction): what scoring one entity on read waits for. Only
 * the `tables` are read (those known to hold rows of them); the others
 * are given empty.
 */
export async function storedInputsOf(
  store: ReadinessStore,
  refs: RefSelection,
  tables: readonly RecordTable[] = RECORD_TABLES,
) {
  const read = <T>(table: RecordTable, get: () => Promise<Map<string, T>>) =>
    tables.includes(table) ? get() : new Map<string, T>();
  const [answers, roles, results, costs, exemptions] = await Promise.all([
    read('answers', () => store.getAnswers(refs)),
    read('roles', () => store.getRoles(refs)),
    read('results', () => store.getResults(refs)),
    read('costs', () => store.getCostTables(refs)),
    read('exemptions', () => store.getOpenExemptions(refs)),
  ]);
  return { answers, roles, results, costs, exemptions };
}
