export { LevelChip, RiskChip, StatusChip, ToneChip } from './StatusChip';
