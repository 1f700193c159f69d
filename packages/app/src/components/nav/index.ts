export { DemoNavContent } from './DemoNavContent';
