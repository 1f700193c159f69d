import {
  failedLevel,
  hasMore,
  levelWithPage,
  loadingLevel,
  TreeLevel,
} from './treeLevels';

type Item = { ref: string };
const keyOf = (item: Item) => item.ref;
const items = (...refs: string[]) => refs.map(ref => ({ ref }));

describe('the levels of a lazily read tree', () => {
  it('keeps the pages before the one being read, and starts over at the first', () => {
    const level = { items: items('a', 'b'), total: 4, read: 2, loading: false };
    expect(loadingLevel(level, 2)).toEqual({ ...level, loading: true });
    expect(loadingLevel(level, 0)).toEqual({
      items: [],
      total: 4,
      read: 0,
      loading: true,
    });
    expect(loadingLevel<Item>(undefined, 0)).toEqual({
      items: [],
      total: 0,
      read: 0,
      loading: true,
    });
  });

  // Paging by offset while the order changes between two reads (a score
  // moved) gave the same node twice, with one React key for two rows.
  it('puts a page where it was asked for, counting once a node that moved into it from a page before', () => {
    const before = {
      items: items('a', 'b', 'c'),
      total: 5,
      read: 3,
      loading: true,
    };
    expect(
      levelWithPage(
        before,
        2,
        { items: items('b', 'd', 'e'), totalCount: 5 },
        keyOf,
      ),
    ).toEqual({
      items: items('a', 'b', 'd', 'e'),
      total: 5,
      read: 5,
      loading: false,
    });
    // A first page replaces what was there.
    expect(
      levelWithPage(before, 0, { items: items('e'), totalCount: 1 }, keyOf),
    ).toEqual({ items: items('e'), total: 1, read: 1, loading: false });
  });

  // Counting the nodes shown instead, a level with a node dropped as
  // repeated asked for the page it had read, again and again.
  it('reads on from where the server list was read, and ends with it, after a node came twice', () => {
    let level: TreeLevel<Item> = levelWithPage(
      undefined,
      0,
      { items: items('a', 'b'), totalCount: 4 },
      keyOf,
    );
    // b moved down: the second page has it again, and c, not d.
    level = levelWithPage(
      loadingLevel(level, level.read),
      level.read,
      { items: items('b', 'c'), totalCount: 4 },
      keyOf,
    );
    expect(level.items).toEqual(items('a', 'b', 'c'));
    expect(level.read).toBe(4);
    expect(hasMore(level)).toBe(false);
  });

  it('keeps what was loaded when a page fails, with the error', () => {
    const error = new Error('the database is away');
    expect(
      failedLevel(
        { items: items('a'), total: 3, read: 1, loading: true },
        error,
      ),
    ).toEqual({ items: items('a'), total: 3, read: 1, loading: false, error });
  });
});
