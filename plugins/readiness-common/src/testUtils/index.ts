/**
 * Test and benchmark utilities of the readiness plugin family: a seeded
 * synthetic organisation at any scale.
 *
 * @packageDocumentation
 */

export { benchDetectors } from './benchDetectors';
export { addCatalogRelations } from './catalogRelations';
export { generateOrg } from './syntheticOrg';
export { NOW } from './syntheticContext';
export type { SyntheticOrg } from './syntheticOrg';
export {
  syntheticInheritables,
  syntheticScoringInput,
} from './syntheticInputs';
