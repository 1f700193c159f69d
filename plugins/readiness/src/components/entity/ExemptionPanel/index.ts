export { ExemptionPanel } from './ExemptionPanel';
export type { ExemptionContext } from './ExemptionPanel';
export { EntityExemptionsProvider } from './EntityExemptions';
