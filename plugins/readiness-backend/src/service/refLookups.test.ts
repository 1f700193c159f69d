import { Entity } from '@backstage/catalog-model';
import { CatalogIndex } from './catalogLookup';
import { FullRunCatalog } from './fullRunCatalog';
import { RefLookups } from './refLookups';

const user = (name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** A full run's lookups over a catalog holding the users alice and bob. */
function lookups() {
  const index = new CatalogIndex();
  index.add({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'db', namespace: 'default' },
    spec: { lifecycle: 'production' },
  });
  const users = new Map(
    ['alice', 'bob'].map(name => [`user:default/${name}`, user(name)]),
  );
  const asked: string[][] = [];
  const catalog = {
    byRefs: async (refs: string[]) => {
      asked.push(refs);
      return refs.map(ref => users.get(ref));
    },
  } as unknown as FullRunCatalog;
  const exists = jest.spyOn(index, 'exists');
  return {
    index,
    asked,
    exists,
    lookups: new RefLookups(catalog, index, new Set(['component', 'group'])),
  };
}

describe('RefLookups', () => {
  it('reads the refs of kinds the run did not stream, each once', async () => {
    const { index, asked, lookups: refs } = lookups();
    await refs.resolve(['user:default/alice', 'user:default/gone']);
    await refs.resolve(['user:default/alice', 'user:default/bob']);
    expect(asked).toEqual([
      ['user:default/alice', 'user:default/gone'],
      ['user:default/bob'],
    ]);
    expect(index.exists('user:default/alice')).toBe(true);
    expect(index.exists('user:default/gone')).toBe(false);
  });

  it('tells a ref of a streamed kind by the ref alone, without looking it up', async () => {
    const { asked, exists, lookups: refs } = lookups();
    await refs.resolve([
      'component:default/db',
      'component:default/gone',
      'group:default/team-a',
      'not a ref',
      'user:default/alice',
    ]);
    expect(asked).toEqual([['user:default/alice']]);
    // The index is a map of every ref the run read: only the user is looked up in it.
    expect(exists.mock.calls).toEqual([['user:default/alice']]);
  });
});
