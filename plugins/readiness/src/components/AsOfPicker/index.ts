export { AsOfPicker } from './AsOfPicker';
