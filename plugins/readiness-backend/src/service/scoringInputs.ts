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
  ReadinessStore,
  RefSelection,
  StoreTransaction,
} from '../database/ReadinessStore';
import { derivedFromOf, HandedDown } from './inputFingerprint';

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

/** What each System hands down to its parts: its annotations and its stored answers, roles and cost table. */
export async function inheritablesOf(
  store: ReadinessStore,
  engine: ReadinessEngine,
  tx: StoreTransaction,
  systems: Entity[],
): Promise<Map<string, InheritableReadiness>> {
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
  return inheritable;
}

/**
 * The stored answers, roles, results, cost tables and open exemptions of a
 * few entities (or of a range of refs), the queries at once on the pool
 * (not in a transaction): what scoring one entity on read waits for.
 */
export async function storedInputsOf(
  store: ReadinessStore,
  refs: RefSelection,
) {
  const [answers, roles, results, costs, exemptions] = await Promise.all([
    store.getAnswers(refs),
    store.getRoles(refs),
    store.getResults(refs),
    store.getCostTables(refs),
    store.getOpenExemptions(refs),
  ]);
  return { answers, roles, results, costs, exemptions };
}
