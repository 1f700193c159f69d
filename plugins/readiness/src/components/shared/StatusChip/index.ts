export { LevelChip, RiskChip, StatusChip, ToneChip } from './StatusChip';
export { UpcomingStatusChip } from './UpcomingStatusChip';
