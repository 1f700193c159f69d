export { SystemCostCard } from './SystemCostCard';
