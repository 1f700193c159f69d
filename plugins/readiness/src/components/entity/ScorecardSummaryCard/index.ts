export { ScorecardSummaryCard } from './ScorecardSummaryCard';
