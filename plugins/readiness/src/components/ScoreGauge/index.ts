export { ScoreGauge } from './ScoreGauge';
