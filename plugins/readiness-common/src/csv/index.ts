export { csvField, csvHeader, csvRows, toCsv } from './csv';
export type { CsvColumn, CsvValue } from './csv';
export { rollupCsvColumns, scorecardCsvColumns } from './columns';
