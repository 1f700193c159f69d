export { OrganisationTree } from './OrganisationTree';
