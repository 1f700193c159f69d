export {
  describeLevels,
  LevelDistributionBar,
  LevelLegend,
} from './LevelDistributionBar';
