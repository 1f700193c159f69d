export { SectionLabel } from './SectionLabel';
