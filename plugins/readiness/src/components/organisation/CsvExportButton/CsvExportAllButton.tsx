import { useState } from 'react';
import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import Button from '@material-ui/core/Button';
import CircularProgress from '@material-ui/core/CircularProgress';
import GetAppIcon from '@material-ui/icons/GetApp';
import useMountedState from 'react-use/esm/useMountedState';
import { downloadCsv } from '../../../lib/csv';
import { errorMessage } from '../../../lib/errors';

/**
 * Downloads every row of a server-paged list as a CSV file: on click it
 * reads them all (`load`: the server's CSV, or pages turned into CSV),
 * saying how far it has got and taking no second click meanwhile.
 */
export function CsvExportAllButton(props: {
  filename: string;
  /** What the file holds: "every matching entity". */
  of: string;
  /** How many rows there are; unknown (still loading) or none disables the button. */
  total: number | undefined;
  /** The file's CSV text; tells `onProgress` how many rows it has read. */
  load: (onProgress: (read: number, total: number) => void) => Promise<string>;
}) {
  const { filename, of, total, load } = props;
  const alertApi = useApi(alertApiRef);
  const mounted = useMountedState();
  const [progress, setProgress] = useState<{ read: number; total?: number }>();

  const exportAll = async () => {
    setProgress({ read: 0, total });
    try {
      const csv = await load((read, count) => {
        if (mounted()) setProgress({ read, total: count });
      });
      if (mounted()) downloadCsv(filename, csv);
    } catch (error) {
      alertApi.post({
        message: `The CSV could not be exported: ${errorMessage(error)}`,
        severity: 'error',
      });
    } finally {
      if (mounted()) setProgress(undefined);
    }
  };

  // Named by what it says, then what it exports (see CsvExportButton).
  const text = progress
    ? `Exporting… ${progress.read} of ${progress.total ?? '…'}`
    : 'Export CSV';
  return (
    <Button
      size="small"
      variant="outlined"
      startIcon={progress ? <CircularProgress size={16} /> : <GetAppIcon />}
      disabled={!total || progress !== undefined}
      aria-label={`${text} (${of})`}
      aria-busy={progress !== undefined}
      onClick={exportAll}
    >
      {text}
    </Button>
  );
}
