export { DayLineChart } from './DayLineChart';
