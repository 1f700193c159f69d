export { CheckFilters, NO_CHECK_FILTER } from './CheckFilters';
export type { CheckFilterState } from './CheckFilters';
