export { SearchField, ViewToolbar } from './ViewToolbar';
