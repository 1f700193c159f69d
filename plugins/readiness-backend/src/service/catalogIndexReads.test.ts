import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { indexRefsWith } from './catalogIndexReads';

const group = (name: string, spec: object, relations: object[] = []) =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name, namespace: 'default' },
    spec: { type: 'team', ...spec },
    relations,
  } as Entity);

/*
 * x holds a role; d sits below it, but only d's own record says so (x's
 * lists no children); e, below d, has the one person. d is the owner of
 * the entity scored, read with its body's refs; x is a holder of a role
 * stored in the portal, which arrives and is read first.
 */
const ENTITIES: Entity[] = [
  group('x', { children: [] }),
  group('d', { parent: 'x', children: ['e'] }),
  group('e', { parent: 'd', children: [] }, [
    { type: 'hasMember', targetRef: 'user:default/uma' },
  ]),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name: 'uma', namespace: 'default' },
    spec: { memberOf: ['e'] },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'svc', namespace: 'default' },
    spec: { owner: 'd' },
  },
];

/** The catalog, answering a request for bodies (the first, with the entity) after the others. */
function slowBodiesCatalog(): CatalogService {
  const inner = catalogServiceMock({ entities: ENTITIES });
  return {
    ...inner,
    getEntitiesByRefs: async (request, options) => {
      if (request.fields?.includes('metadata.annotations')) {
        await new Promise(resolve => setTimeout(resolve, 50));
      }
      return inner.getEntitiesByRefs(request, options);
    },
  } as CatalogService;
}

describe('the lookups of one entity', () => {
  it("count a holder's people in a group below it that only the group's own record links, read after the holder", async () => {
    const { index } = await indexRefsWith(
      slowBodiesCatalog(),
      {} as any,
      { refs: ['group:default/d'], holders: [] },
      [{ ref: 'component:default/svc' }],
      Promise.resolve(['group:default/x']),
    );
    expect(index.groupMembers('group:default/x')).toEqual(['user:default/uma']);
  });
});
