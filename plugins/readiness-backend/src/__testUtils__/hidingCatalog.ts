import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

/** A catalog service: the in-memory one with some methods replaced. */
export function catalogWith(
  entities: Entity[],
  replace: (inner: any) => object,
) {
  const inner: any = catalogServiceMock({ entities });
  return createServiceFactory({
    service: catalogServiceRef,
    deps: {},
    factory: (): CatalogService => ({
      ...inner,
      getEntities: (...a: any[]) => inner.getEntities(...a),
      getEntityByRef: (...a: any[]) => inner.getEntityByRef(...a),
      getEntitiesByRefs: (...a: any[]) => inner.getEntitiesByRefs(...a),
      queryEntities: (...a: any[]) => inner.queryEntities(...a),
      streamEntities: (...a: any[]) => inner.streamEntities(...a),
      getEntityFacets: (...a: any[]) => inner.getEntityFacets(...a),
      ...replace(inner),
    }),
  });
}

/**
 * The in-memory catalog, except that `user` (bob unless named) may not read
 * `hidden` (as a catalog policy would).
 */
export function catalogHiding(
  entities: Entity[],
  hidden: string,
  user = 'user:default/bob',
) {
  const byUser = (options: any) =>
    options?.credentials?.principal?.userEntityRef === user;
  return catalogWith(entities, inner => ({
    getEntityByRef: async (ref: any, options: any) =>
      byUser(options) && String(ref).toLowerCase() === hidden
        ? undefined
        : inner.getEntityByRef(ref, options),
    getEntitiesByRefs: async (req: any, options: any) => {
      const res = await inner.getEntitiesByRefs(req, options);
      return byUser(options)
        ? {
            items: res.items.map((e: any, i: number) =>
              req.entityRefs[i].toLowerCase() === hidden ? null : e,
            ),
          }
        : res;
    },
  }));
}

/**
 * The in-memory catalog, except that `user` (bob unless named) reads by ref
 * only what `readable` gives for each ref and what the catalog holds of it
 * (null: not readable), as a catalog policy deciding entity by entity
 * would; `lookups.calls` counts that user's reads by ref.
 */
export function catalogReadingByRef(
  entities: Entity[],
  readable: (ref: string, entity: Entity | undefined) => unknown,
  user = 'user:default/bob',
) {
  const lookups = { calls: 0 };
  const catalog = catalogWith(entities, inner => ({
    getEntitiesByRefs: async (req: any, options: any) => {
      const res = await inner.getEntitiesByRefs(req, options);
      if (options?.credentials?.principal?.userEntityRef !== user) return res;
      lookups.calls++;
      return {
        items: req.entityRefs.map(
          (ref: string, i: number) => readable(ref, res.items[i]) ?? null,
        ),
      };
    },
  }));
  return { catalog, lookups };
}
