export { CategorySection } from './CategorySection';
export type { CheckActions } from './CheckRow';
