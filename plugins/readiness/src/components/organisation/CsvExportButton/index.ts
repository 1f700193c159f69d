export { CsvExportButton } from './CsvExportButton';
export { CsvExportAllButton } from './CsvExportAllButton';
