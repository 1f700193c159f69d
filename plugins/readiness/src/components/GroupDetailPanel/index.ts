export { GroupDetailPanel } from './GroupDetailPanel';
