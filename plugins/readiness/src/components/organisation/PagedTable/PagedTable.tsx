import { ReactNode } from 'react';
import LinearProgress from '@material-ui/core/LinearProgress';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TablePagination from '@material-ui/core/TablePagination';
import TableRow from '@material-ui/core/TableRow';
import TableSortLabel from '@material-ui/core/TableSortLabel';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

/** A column of a {@link PagedTable}. */
export interface PagedColumn<T> {
  title: string;
  render: (row: T) => ReactNode;
  /** The server's sort key, when the server can sort by this column. */
  sortKey?: string;
  align?: 'left' | 'right';
}

export type SortOrder = 'asc' | 'desc';

const useStyles = makeStyles({
  progress: { height: 2 },
  placeholder: { height: 2 },
  // The Backstage theme breaks words anywhere in narrow cells; wrap at spaces.
  cell: { wordBreak: 'normal' },
});

/**
 * A table of one page of server data: the server filters, sorts and pages;
 * this only draws the page it was given and reports clicks on the sort
 * headers and the pager.
 */
export function PagedTable<T>(props: {
  ariaLabel: string;
  columns: PagedColumn<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  total: number;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  onPageSizeChange?: (pageSize: number) => void;
  sort?: { key: string; order: SortOrder };
  onSortChange?: (key: string, order: SortOrder) => void;
  loading?: boolean;
  emptyText: ReactNode;
  pageSizes?: number[];
}) {
  const { columns, rows, sort, onSortChange, loading } = props;
  const classes = useStyles();
  return (
    <>
      {loading ? (
        <LinearProgress className={classes.progress} aria-label="Loading" />
      ) : (
        <div className={classes.placeholder} />
      )}
      <Table size="small" aria-label={props.ariaLabel} aria-busy={loading}>
        <TableHead>
          <TableRow>
            {columns.map(column => (
              <TableCell
                key={column.title}
                align={column.align}
                className={classes.cell}
                sortDirection={
                  sort && column.sortKey === sort.key ? sort.order : false
                }
              >
                {column.sortKey && onSortChange ? (
                  <TableSortLabel
                    active={sort?.key === column.sortKey}
                    direction={
                      sort && sort.key === column.sortKey ? sort.order : 'asc'
                    }
                    onClick={() =>
                      onSortChange(
                        column.sortKey!,
                        sort?.key === column.sortKey && sort?.order === 'asc'
                          ? 'desc'
                          : 'asc',
                      )
                    }
                  >
                    {column.title}
                  </TableSortLabel>
                ) : (
                  column.title
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <TableRow key={props.rowKey(row)} hover>
              {columns.map(column => (
                <TableCell
                  key={column.title}
                  align={column.align}
                  className={classes.cell}
                >
                  {column.render(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
          {rows.length === 0 && !loading && (
            <TableRow>
              <TableCell colSpan={columns.length}>
                <Typography
                  variant="body2"
                  color="textSecondary"
                  align="center"
                >
                  {props.emptyText}
                </Typography>
              </TableCell>
            </TableRow>
          )}
        </TableBody>
      </Table>
      <TablePagination
        component="div"
        count={props.total}
        page={props.page}
        rowsPerPage={props.pageSize}
        rowsPerPageOptions={
          props.onPageSizeChange ? props.pageSizes ?? [10, 25, 50, 100] : []
        }
        onPageChange={(_event, page) => props.onPageChange(page)}
        onRowsPerPageChange={event =>
          props.onPageSizeChange?.(Number(event.target.value))
        }
      />
    </>
  );
}
