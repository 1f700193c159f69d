import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import Paper from '@material-ui/core/Paper';
import Switch from '@material-ui/core/Switch';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { ReadinessCategory } from '@prodready/plugin-readiness-common';
import { EXPIRING_WITHIN_DAYS } from '../../../lib/checks';

/** Which checks the tab shows. */
export interface CheckFilterState {
  failingOnly: boolean;
  expiringOnly: boolean;
  /** Category id, or empty for every category. */
  category: string;
}

export const NO_CHECK_FILTER: CheckFilterState = {
  failingOnly: false,
  expiringOnly: false,
  category: '',
};

const useStyles = makeStyles(theme => ({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    padding: theme.spacing(1, 2),
  },
  category: { minWidth: 220 },
  count: { marginLeft: 'auto' },
}));

/** Filters of the check list: failing only, expiring only, one category. */
export function CheckFilters(props: {
  value: CheckFilterState;
  onChange: (value: CheckFilterState) => void;
  categories: ReadinessCategory[];
  shown: number;
  total: number;
}) {
  const { value, onChange, categories, shown, total } = props;
  const classes = useStyles();
  return (
    <Paper className={classes.root} role="search" aria-label="Filter checks">
      <FormControlLabel
        control={
          <Switch
            color="primary"
            checked={value.failingOnly}
            onChange={event =>
              onChange({ ...value, failingOnly: event.target.checked })
            }
            inputProps={{ 'aria-label': 'Only failing checks' }}
          />
        }
        label="Only failing"
      />
      <FormControlLabel
        control={
          <Switch
            color="primary"
            checked={value.expiringOnly}
            onChange={event =>
              onChange({ ...value, expiringOnly: event.target.checked })
            }
            inputProps={{
              // Its name starts with what it shows (WCAG 2.5.3).
              'aria-label': `Only expiring (${EXPIRING_WITHIN_DAYS} days): checks expiring within ${EXPIRING_WITHIN_DAYS} days or expired`,
            }}
          />
        }
        label={`Only expiring (${EXPIRING_WITHIN_DAYS} days)`}
      />
      <TextField
        select
        id="readiness-category-filter"
        className={classes.category}
        size="small"
        variant="outlined"
        label="Category"
        InputLabelProps={{ shrink: true }}
        SelectProps={{ displayEmpty: true }}
        value={value.category}
        onChange={event => onChange({ ...value, category: event.target.value })}
      >
        <MenuItem value="">All categories</MenuItem>
        {categories.map(c => (
          <MenuItem key={c.id} value={c.id}>
            {c.title}
          </MenuItem>
        ))}
      </TextField>
      <Typography
        variant="body2"
        color="textSecondary"
        className={classes.count}
        aria-live="polite"
      >
        Showing {shown} of {total} checks
      </Typography>
    </Paper>
  );
}
