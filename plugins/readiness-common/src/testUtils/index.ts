/**
 * Test and benchmark utilities of the readiness plugin family: a seeded
 * synthetic organisation at any scale.
 *
 * @packageDocumentation
 */

export { benchDetectors, generateOrg, NOW } from './syntheticOrg';
export type { SyntheticOrg } from './syntheticOrg';
export {
  syntheticInheritables,
  syntheticScoringInput,
} from './syntheticInputs';
