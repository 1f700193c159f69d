import { entityRefOf } from '../refs';
import type { Entity } from '@backstage/catalog-model';
import type { ReadinessEngine } from '../scoring/engine';
import type {
  EntityScoringInput,
  InheritableReadiness,
} from '../scoring/scoringInput';
import type { SyntheticOrg } from './syntheticOrg';

/** What each System of a synthetic organisation hands down to its parts. */
export function syntheticInheritables(
  engine: ReadinessEngine,
  org: SyntheticOrg,
): Map<string, InheritableReadiness> {
  const inheritables = new Map<string, InheritableReadiness>();
  for (const system of org.systems) {
    const ref = entityRefOf(system);
    inheritables.set(
      ref,
      engine.inheritableFrom(
        system,
        org.portalAnswers.get(ref),
        org.portalRoles.get(ref),
      ),
    );
  }
  return inheritables;
}

/** An entity's scoring input from a synthetic organisation's stored records, as the backend gathers it. */
export function syntheticScoringInput(
  org: SyntheticOrg,
  entity: Entity,
  inheritables: Map<string, InheritableReadiness>,
): EntityScoringInput {
  const ref = entityRefOf(entity);
  return {
    entity,
    portalAnswers: org.portalAnswers.get(ref),
    portalRoles: org.portalRoles.get(ref),
    automaticResults: org.pushedResults.get(ref),
    system:
      typeof entity.spec?.system === 'string'
        ? inheritables.get(`system:default/${entity.spec.system}`)
        : undefined,
  };
}
