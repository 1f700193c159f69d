export { useScorecard } from './useScorecard';
