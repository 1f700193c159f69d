import { useMemo, useState } from 'react';
import { SortOrder } from './PagedTable';

/**
 * The page, page size and sort of a {@link PagedTable} over server data.
 * Changing the page size or the sort goes back to the first page; so should
 * every change of the view's filters (`firstPage`).
 */
export function usePaging<K extends string>(initialSort: {
  key: K;
  order: SortOrder;
}) {
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(25);
  const [sort, setSort] = useState(initialSort);
  const query = useMemo(
    () => ({
      sort: sort.key,
      order: sort.order,
      limit: pageSize,
      offset: page * pageSize,
    }),
    [sort, page, pageSize],
  );
  return {
    /** The slice and order to ask the server for; a new object only when they change. */
    query,
    firstPage: () => setPage(0),
    /** The paging and sorting props of the table. */
    tableProps: {
      page,
      pageSize,
      onPageChange: setPage,
      onPageSizeChange: (size: number) => {
        setPageSize(size);
        setPage(0);
      },
      sort,
      onSortChange: (key: string, order: SortOrder) => {
        // The table reports the sortKey of one of the view's columns.
        setSort({ key: key as K, order });
        setPage(0);
      },
    },
  };
}
