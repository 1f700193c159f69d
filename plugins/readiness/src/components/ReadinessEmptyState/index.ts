export { ReadinessEmptyState } from './ReadinessEmptyState';
