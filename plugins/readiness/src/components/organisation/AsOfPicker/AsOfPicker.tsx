import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { formatDay, isoDay } from '../../../lib/format';

/**
 * Picks the day to see the organisation as it was (empty: now), and says
 * which daily snapshot the server used for it.
 */
export function AsOfPicker(props: {
  value: string;
  onChange: (day: string) => void;
  /** The snapshot day the server answered with. */
  served?: string;
}) {
  const { value, onChange, served } = props;
  return (
    <Box display="flex" alignItems="center" style={{ gap: 8 }}>
      <TextField
        id="readiness-as-of"
        type="date"
        size="small"
        variant="outlined"
        label="As of"
        value={value}
        onChange={event => onChange(event.target.value)}
        InputLabelProps={{ shrink: true }}
        inputProps={{
          max: isoDay(new Date()),
          // Its name starts with what it shows (WCAG 2.5.3).
          'aria-label': 'As of (the organisation as it was on a day)',
        }}
      />
      {value && (
        <Button size="small" onClick={() => onChange('')}>
          Now
        </Button>
      )}
      {/* Always there: a live region added with its text is not read out. */}
      <Typography variant="caption" color="textSecondary" aria-live="polite">
        {value &&
          (served
            ? `Snapshot of ${formatDay(served)}`
            : `No snapshot on or before ${formatDay(value)}`)}
      </Typography>
    </Box>
  );
}
