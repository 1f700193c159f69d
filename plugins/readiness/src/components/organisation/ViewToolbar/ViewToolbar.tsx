import { ReactNode, useState } from 'react';
import InputAdornment from '@material-ui/core/InputAdornment';
import TextField from '@material-ui/core/TextField';
import { makeStyles } from '@material-ui/core/styles';
import SearchIcon from '@material-ui/icons/Search';
import useDebounce from 'react-use/esm/useDebounce';
import { SEARCH_MAX_LENGTH } from '@prodready/plugin-readiness-common';

/** How long typing pauses before a search is sent. */
const SEARCH_DEBOUNCE_MS = 300;

const useStyles = makeStyles(theme => ({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: theme.spacing(2),
    marginBottom: ({ gutter }: { gutter: number }) => theme.spacing(gutter),
  },
  push: { marginLeft: 'auto' },
}));

/**
 * The row above a list view: its search and filters on the left, its
 * actions (the CSV export) pushed to the right; wraps on narrow screens.
 */
export function ViewToolbar(props: {
  children: ReactNode;
  actions?: ReactNode;
  /** Space below the toolbar, in theme spacing units. */
  gutter?: number;
  role?: string;
  'aria-label'?: string;
}) {
  const { children, actions, gutter = 1 } = props;
  const classes = useStyles({ gutter });
  return (
    <div
      className={classes.toolbar}
      role={props.role}
      aria-label={props['aria-label']}
    >
      {children}
      {actions && <div className={classes.push}>{actions}</div>}
    </div>
  );
}

/**
 * A search box that reports the trimmed text once typing pauses, so a
 * view asks the server once per search instead of once per key; never
 * longer than the server takes, so a long paste searches its start
 * instead of failing.
 */
export function SearchField(props: {
  id: string;
  label: string;
  onSearch: (q: string) => void;
}) {
  const { id, label, onSearch } = props;
  const [text, setText] = useState('');
  useDebounce(
    () => onSearch(text.trim().slice(0, SEARCH_MAX_LENGTH).trim()),
    SEARCH_DEBOUNCE_MS,
    [text],
  );
  return (
    <TextField
      id={id}
      size="small"
      variant="outlined"
      label={label}
      value={text}
      onChange={event => setText(event.target.value)}
      inputProps={{ maxLength: SEARCH_MAX_LENGTH }}
      InputProps={{
        startAdornment: (
          <InputAdornment position="start">
            <SearchIcon fontSize="small" />
          </InputAdornment>
        ),
      }}
    />
  );
}
