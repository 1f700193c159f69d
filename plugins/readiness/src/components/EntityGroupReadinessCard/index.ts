export { EntityGroupReadinessCard } from './EntityGroupReadinessCard';
