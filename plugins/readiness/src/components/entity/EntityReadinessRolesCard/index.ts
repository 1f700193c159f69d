export { EntityReadinessRolesCard } from './EntityReadinessRolesCard';
export { RolesCard } from './RolesCard';
