export { ScoreTrendCard } from './ScoreTrendCard';
