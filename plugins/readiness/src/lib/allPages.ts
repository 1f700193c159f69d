/**
 * Every item of a server-paged list, read page after page of `pageSize`
 * until the list's `totalCount`. The server pages before it leaves out what
 * the caller may not read, so a page can hold fewer than it asked for: the
 * offset advances by the page size, not by what came back. Items are keyed,
 * so one that moved between pages while reading counts once. `onProgress`
 * hears how far the reading has got after each page.
 */
export async function readAllPages<T>(
  loadPage: (page: {
    limit: number;
    offset: number;
  }) => Promise<{ items: T[]; totalCount: number }>,
  options: {
    pageSize: number;
    keyOf: (item: T) => string;
    onProgress?: (read: number, total: number) => void;
  },
): Promise<T[]> {
  const { pageSize, keyOf, onProgress } = options;
  const items = new Map<string, T>();
  let total = 0;
  let offset = 0;
  do {
    const page = await loadPage({ limit: pageSize, offset });
    for (const item of page.items) items.set(keyOf(item), item);
    total = page.totalCount;
    offset += pageSize;
    onProgress?.(Math.min(offset, total), total);
  } while (offset < total);
  return [...items.values()];
}
