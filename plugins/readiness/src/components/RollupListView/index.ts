export { RollupListView } from './RollupListView';
