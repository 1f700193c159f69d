import { ReactNode } from 'react';
import TableCell from '@material-ui/core/TableCell';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles({
  // Read by screen readers, not shown.
  hidden: {
    position: 'absolute',
    width: 1,
    height: 1,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
  },
});

/** The class of text that screen readers read and the page does not show. */
export function useScreenReaderOnly(): string {
  return useStyles().hidden;
}

/**
 * The header of a column of buttons or toggles, which shows none: screen
 * readers still announce the column with each of its cells.
 */
export function HiddenHeaderCell(props: {
  children: ReactNode;
  padding?: 'checkbox';
}) {
  const hidden = useScreenReaderOnly();
  return (
    <TableCell padding={props.padding}>
      <span className={hidden}>{props.children}</span>
    </TableCell>
  );
}
