import Button from '@material-ui/core/Button';
import GetAppIcon from '@material-ui/icons/GetApp';
import { CsvColumn, toCsv } from '@prodready/plugin-readiness-common';
import { downloadCsv } from '../../../lib/csv';

/**
 * Downloads the rows a view shows as a CSV file. Its name is what it says,
 * then what it exports (`of`), so those who speak to their computer can
 * say what they see.
 */
export function CsvExportButton<T>(props: {
  filename: string;
  columns: CsvColumn<T>[];
  rows: T[];
  /** What the file holds: "the groups shown". */
  of: string;
}) {
  const { filename, columns, rows, of } = props;
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={<GetAppIcon />}
      disabled={rows.length === 0}
      aria-label={`Export CSV (${of})`}
      onClick={() => downloadCsv(filename, toCsv(columns, rows))}
    >
      Export CSV
    </Button>
  );
}
