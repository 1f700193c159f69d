export { EntityReadinessContent } from './EntityReadinessContent';
