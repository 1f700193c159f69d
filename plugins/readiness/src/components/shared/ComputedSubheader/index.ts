export { ComputedSubheader } from './ComputedSubheader';
