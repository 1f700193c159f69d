export { EntityScorecardsView } from './EntityScorecardsView';
