export { HierarchyProblems } from './HierarchyProblems';
