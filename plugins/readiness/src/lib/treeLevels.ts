/*
 * The levels of a lazily read tree (the organisation's groups, a
 * campaign's teams): each level is read a page at a time, and these are
 * its states as pages are asked for, come and fail.
 */

/** The loaded items of one level: the top, or one node's children. */
export interface TreeLevel<T> {
  items: T[];
  /** How many the level has, loaded or not. */
  total: number;
  /**
   * How far the server's list has been read: where the next page starts.
   * More than `items` when a node came twice (the order changed between
   * two reads), so the next page neither repeats nor stops short.
   */
  read: number;
  loading: boolean;
  error?: Error;
}

/** Whether the level has more to read than it has read. */
export const hasMore = (level: TreeLevel<unknown>) => level.read < level.total;

/** The level while the page at `offset` is read: the pages before it stay. */
export function loadingLevel<T>(
  before: TreeLevel<T> | undefined,
  offset: number,
): TreeLevel<T> {
  return {
    items: offset ? before?.items ?? [] : [],
    total: before?.total ?? 0,
    read: offset ? before?.read ?? 0 : 0,
    loading: true,
  };
}

/**
 * The level once the page asked for at `offset` came. The page goes where
 * it was asked for, whatever came meanwhile; an item that moved into it
 * from the pages before (the order changed between two reads) counts once.
 */
export function levelWithPage<T>(
  before: TreeLevel<T> | undefined,
  offset: number,
  page: { items: T[]; totalCount: number },
  keyOf: (item: T) => string,
): TreeLevel<T> {
  const kept = (before?.items ?? []).slice(0, offset);
  const shown = new Set(kept.map(keyOf));
  return {
    items: [...kept, ...page.items.filter(item => !shown.has(keyOf(item)))],
    total: page.totalCount,
    read: offset + page.items.length,
    loading: false,
  };
}

/** The level once a page failed: what was loaded stays, with the error. */
export function failedLevel<T>(
  before: TreeLevel<T> | undefined,
  error: Error,
): TreeLevel<T> {
  return {
    items: before?.items ?? [],
    total: before?.total ?? 0,
    read: before?.read ?? 0,
    loading: false,
    error,
  };
}
