export { MyReadinessContent } from './MyReadinessContent';
