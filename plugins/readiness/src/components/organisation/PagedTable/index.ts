export { PagedTable } from './PagedTable';
export type { PagedColumn, SortOrder } from './PagedTable';
export { usePaging } from './usePaging';
