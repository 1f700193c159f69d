export { HiddenHeaderCell, useScreenReaderOnly } from './ScreenReaderOnly';
