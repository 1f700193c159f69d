import { kindCountsOf, kindGroups, mergedPages } from './kindStreams';

/** Everything a generator yields, in order. */
async function drain<T>(pages: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(page);
  return all;
}

describe('kindCountsOf', () => {
  it('counts a kind spelled two ways as one kind', () => {
    expect(
      kindCountsOf([
        { value: 'Component', count: 5 },
        { value: 'component', count: 3 },
        { value: 'API', count: 2 },
      ]),
    ).toEqual([
      { kind: 'component', count: 8 },
      { kind: 'api', count: 2 },
    ]);
  });
});

describe('kindGroups', () => {
  it('splits the kinds into groups of about as many entities, each kind in one group', () => {
    const groups = kindGroups(
      [
        { kind: 'system', count: 400 },
        { kind: 'api', count: 3000 },
        { kind: 'resource', count: 2000 },
        { kind: 'component', count: 4000 },
        { kind: 'domain', count: 40 },
      ],
      2,
    );
    expect(groups).toHaveLength(2);
    expect(groups.flat().sort()).toEqual(
      ['api', 'component', 'domain', 'resource', 'system'].sort(),
    );
    const sizes: Record<string, number> = {
      system: 400,
      api: 3000,
      resource: 2000,
      component: 4000,
      domain: 40,
    };
    const sums = groups.map(g => g.reduce((sum, k) => sum + sizes[k], 0));
    // The closest of the 16 splits of these kinds (an even one would be 4,720 each).
    expect(sums.sort()).toEqual([4440, 5000]);
  });

  it('gives a kind of its own to one that outweighs the others together', () => {
    expect(
      kindGroups(
        [
          { kind: 'resource', count: 2000 },
          { kind: 'component', count: 7600 },
          { kind: 'system', count: 400 },
        ],
        2,
      ),
    ).toEqual([['component'], ['resource', 'system']]);
  });

  it('makes no more groups than there are kinds, and none without kinds', () => {
    expect(kindGroups([{ kind: 'component', count: 10 }], 2)).toEqual([
      ['component'],
    ]);
    expect(kindGroups([], 2)).toEqual([]);
  });

  it('places kinds not counted yet too', () => {
    expect(
      kindGroups(
        [
          { kind: 'component', count: 0 },
          { kind: 'system', count: 0 },
          { kind: 'resource', count: 0 },
        ],
        2,
      )
        .flat()
        .sort(),
    ).toEqual(['component', 'resource', 'system']);
  });
});

describe('mergedPages', () => {
  it('yields every page of every stream, reading the streams at once', async () => {
    const events: string[] = [];
    async function* stream(name: string, pages: number) {
      events.push(`${name} asked`);
      for (let i = 1; i <= pages; i++) {
        await new Promise(resolve => setTimeout(resolve, 5));
        yield `${name}${i}`;
      }
      events.push(`${name} ended`);
    }
    const pages = await drain(mergedPages([stream('a', 3), stream('b', 2)]));
    expect([...pages].sort()).toEqual(['a1', 'a2', 'a3', 'b1', 'b2']);
    // The second stream was asked for its first page before the first ended.
    expect(events.indexOf('b asked')).toBeLessThan(events.indexOf('a ended'));
  });

  it('keeps a stream’s page order', async () => {
    async function* stream(name: string, delays: number[]) {
      for (const [i, delay] of delays.entries()) {
        await new Promise(resolve => setTimeout(resolve, delay));
        yield `${name}${i + 1}`;
      }
    }
    const pages = await drain(
      mergedPages([stream('a', [20, 1, 1]), stream('b', [1, 30])]),
    );
    expect(pages.filter(p => p.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(pages.filter(p => p.startsWith('b'))).toEqual(['b1', 'b2']);
  });

  it('fails when a stream fails, and ends the others', async () => {
    let otherEnded = false;
    async function* failing() {
      yield 'a1';
      await new Promise(resolve => setTimeout(resolve, 5));
      throw new Error('catalog went away');
    }
    async function* other() {
      try {
        for (let i = 1; ; i++) {
          await new Promise(resolve => setTimeout(resolve, 2));
          yield `b${i}`;
        }
      } finally {
        otherEnded = true;
      }
    }
    await expect(drain(mergedPages([failing(), other()]))).rejects.toThrow(
      'catalog went away',
    );
    expect(otherEnded).toBe(true);
  });

  it('ends every stream when the caller stops early', async () => {
    const ended: string[] = [];
    async function* stream(name: string) {
      try {
        for (let i = 1; ; i++) {
          await new Promise(resolve => setTimeout(resolve, 2));
          yield `${name}${i}`;
        }
      } finally {
        ended.push(name);
      }
    }
    for await (const page of mergedPages([stream('a'), stream('b')])) {
      if (page) break;
    }
    expect(ended.sort()).toEqual(['a', 'b']);
  });
});
