import { failedLevel, levelWithPage, loadingLevel } from './treeLevels';

const keyOf = (item: { ref: string }) => item.ref;
const items = (...refs: string[]) => refs.map(ref => ({ ref }));

describe('the levels of a lazily read tree', () => {
  it('keeps the pages before the one being read, and starts over at the first', () => {
    const level = { items: items('a', 'b'), total: 4, loading: false };
    expect(loadingLevel(level, 2)).toEqual({
      items: items('a', 'b'),
      total: 4,
      loading: true,
    });
    expect(loadingLevel(level, 0)).toEqual({
      items: [],
      total: 4,
      loading: true,
    });
    expect(loadingLevel(undefined, 0)).toEqual({
      items: [],
      total: 0,
      loading: true,
    });
  });

  // Paging by offset while the order changes between two reads (a score
  // moved) gave the same node twice, with one React key for two rows.
  it('puts a page where it was asked for, counting once a node that moved into it from a page before', () => {
    const before = { items: items('a', 'b', 'c'), total: 5, loading: true };
    expect(
      levelWithPage(
        before,
        2,
        { items: items('b', 'd', 'e'), totalCount: 5 },
        keyOf,
      ),
    ).toEqual({ items: items('a', 'b', 'd', 'e'), total: 5, loading: false });
    // A first page replaces what was there.
    expect(
      levelWithPage(before, 0, { items: items('e'), totalCount: 1 }, keyOf),
    ).toEqual({ items: items('e'), total: 1, loading: false });
  });

  it('keeps what was loaded when a page fails, with the error', () => {
    const error = new Error('the database is away');
    expect(
      failedLevel({ items: items('a'), total: 3, loading: true }, error),
    ).toEqual({ items: items('a'), total: 3, loading: false, error });
  });
});
