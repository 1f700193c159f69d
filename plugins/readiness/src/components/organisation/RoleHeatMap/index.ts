export { RoleHeatMap, describeRoleCell, roleColumns } from './RoleHeatMap';
