import { makeStyles } from '@material-ui/core/styles';

/**
 * The layout both heat maps share (the scores one and the role one): a
 * fixed table of coloured cells with wrapped headers, an
 * empty-row hatch and a legend row.
 */
export const useHeatMapStyles = makeStyles(theme => ({
  wrapper: { overflowX: 'auto' },
  table: { tableLayout: 'fixed' },
  name: {
    whiteSpace: 'nowrap',
    maxWidth: 260,
    overflow: 'hidden',
    textOverflow: 'ellipsis',
  },
  head: {
    fontSize: '0.75rem',
    lineHeight: 1.2,
    verticalAlign: 'bottom',
    textAlign: 'center',
    wordBreak: 'keep-all',
    overflowWrap: 'normal',
    hyphens: 'auto',
    padding: theme.spacing(1, 0.5),
  },
  cellPad: { padding: 2 },
  cell: {
    height: 28,
    borderRadius: 3,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    fontSize: '0.8rem',
    fontWeight: 600,
  },
  empty: {
    backgroundImage: `repeating-linear-gradient(45deg, transparent, transparent 4px, ${theme.palette.divider} 4px, ${theme.palette.divider} 5px)`,
    color: theme.palette.text.secondary,
    fontWeight: 400,
  },
  legend: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(1),
    marginTop: theme.spacing(1),
  },
}));
