export { ChangeHistoryCard } from './ChangeHistoryCard';
