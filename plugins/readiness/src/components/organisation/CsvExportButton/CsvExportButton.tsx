import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { CsvColumn, toCsv } from '@prodready/plugin-readiness-common';
import { downloadCsv } from '../../../lib/csv';

/** Downloads the rows a view shows as a CSV file. */
export function CsvExportButton<T>(props: {
  filename: string;
  columns: CsvColumn<T>[];
  rows: T[];
  label: string;
}) {
  const { filename, columns, rows, label } = props;
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<GetAppIcon />}
      disabled={rows.length === 0}
      aria-label={label}
      onClick={() => downloadCsv(filename, toCsv(columns, rows))}
    >
      Export CSV
    </Button>
  );
}
