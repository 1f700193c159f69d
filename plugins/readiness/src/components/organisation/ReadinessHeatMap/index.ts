export { ReadinessHeatMap, describeCell } from './ReadinessHeatMap';
export type { HeatMapRow } from './ReadinessHeatMap';
