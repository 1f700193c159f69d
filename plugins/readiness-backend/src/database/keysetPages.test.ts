import { keysetPages } from './storeDatabase';

/** A table of `count` rows in ref order, read as a keyset page would, recording each read. */
function table(count: number) {
  const rows = Array.from({ length: count }, (_, i) => ({
    entity_ref: `component:default/c${String(i).padStart(3, '0')}`,
  }));
  const reads: string[] = [];
  const page = (pageSize: number) => async (after: string) => {
    reads.push(after);
    return rows.filter(r => r.entity_ref > after).slice(0, pageSize);
  };
  return { rows, reads, page };
}

async function all<T>(pages: AsyncIterable<T[]>) {
  const out: T[][] = [];
  for await (const page of pages) out.push(page);
  return out;
}

describe('keysetPages', () => {
  it('gives every row once, in pages after the last ref of the page before', async () => {
    const t = table(5);
    const pages = await all(keysetPages(t.page(2), 2));
    expect(pages).toEqual([
      t.rows.slice(0, 2),
      t.rows.slice(2, 4),
      [t.rows[4]],
    ]);
    expect(t.reads).toEqual(['', t.rows[1].entity_ref, t.rows[3].entity_ref]);
  });

  it('ends after a page shorter than the page size without reading again, and after an empty one', async () => {
    const short = table(3);
    expect(await all(keysetPages(short.page(2), 2))).toHaveLength(2);
    expect(short.reads).toHaveLength(2);

    // A full last page cannot tell it is the last: one more read finds nothing.
    const full = table(4);
    expect(await all(keysetPages(full.page(2), 2))).toHaveLength(2);
    expect(full.reads).toHaveLength(3);

    const empty = table(0);
    expect(await all(keysetPages(empty.page(2), 2))).toEqual([]);
  });

  it('asks for the next page before the caller takes it only when reading ahead', async () => {
    for (const readAhead of [false, true]) {
      const t = table(5);
      const pages = keysetPages(t.page(2), 2, { readAhead });
      await pages.next();
      // The caller handles the first page and has not asked for the second.
      expect(t.reads).toEqual(readAhead ? ['', t.rows[1].entity_ref] : ['']);
      expect((await pages.next()).value).toEqual(t.rows.slice(2, 4));
    }
  });
});
