export { OrganisationView } from './OrganisationView';
