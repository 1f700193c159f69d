import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  catalogServiceRef,
  CatalogService,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { entityRefOf } from '@prodready/plugin-readiness-common';
import { withRelations } from './entities';

/**
 * The in-memory catalog with entities a test edits, adds and removes between
 * calls, like catalog processing would: every edit gives the entity a new
 * etag and the relations are derived again. `down` makes every call fail
 * like an unreachable catalog, `failing` only calls of the methods named;
 * `calls` counts the calls by method.
 */
export function editableCatalog(initial: Entity[]) {
  let revision = 0;
  const withoutEtag = ({ metadata: { etag, ...metadata }, ...e }: Entity) =>
    JSON.stringify({ ...e, metadata });
  const state = {
    /** The entities as written: no relations, no etags. */
    sources: initial.map(
      ({ relations, metadata: { etag, ...metadata }, ...e }) => ({
        ...e,
        metadata,
      }),
    ) as Entity[],
    entities: [] as Entity[],
    down: false,
    failing: [] as string[],
    /**
     * Called after each page of a stream is handled, with the stream's
     * request; returning true removes it.
     */
    afterPage: undefined as
      | ((request: unknown) => Promise<boolean>)
      | undefined,
    calls: {} as Record<string, number>,
  };
  /**
   * Derives relations again, and gives a new etag to every entity whose
   * result changed, as catalog stitching does.
   */
  const derive = () => {
    const previous = new Map(state.entities.map(e => [entityRefOf(e), e]));
    state.entities = withRelations(state.sources).map(e => {
      const old = previous.get(entityRefOf(e));
      if (old && withoutEtag(old) === withoutEtag(e)) return old;
      return {
        ...e,
        metadata: { ...e.metadata, etag: `${entityRefOf(e)}@${++revision}` },
      };
    });
  };
  derive();

  const find = (kind: string, name: string) =>
    state.sources.find(e => e.kind === kind && e.metadata.name === name)!;

  const catalog = new Proxy({} as CatalogService, {
    get(_target, prop) {
      const current = catalogServiceMock({ entities: state.entities });
      const value = Reflect.get(current, prop);
      if (typeof value !== 'function') return value;
      const count = () => {
        state.calls[String(prop)] = (state.calls[String(prop)] ?? 0) + 1;
        if (state.down || state.failing.includes(String(prop))) {
          throw new Error('connect ECONNREFUSED catalog');
        }
      };
      if (prop === 'streamEntities') {
        return async function* stream(...args: unknown[]) {
          count();
          for await (const page of value.apply(current, args)) {
            yield page;
            // Runs once the caller has handled the page and asks for more.
            if (await state.afterPage?.(args[0])) state.afterPage = undefined;
          }
        };
      }
      return async (...args: unknown[]) => {
        count();
        return value.apply(current, args);
      };
    },
  });

  return {
    state,
    catalog,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
    /** Changes an entity as written; it and those whose relations moved get new etags. */
    edit(kind: string, name: string, change: (entity: Entity) => void) {
      const entity = structuredClone(find(kind, name));
      change(entity);
      state.sources = state.sources.map(e =>
        e.kind === kind && e.metadata.name === name ? entity : e,
      );
      derive();
    },
    add(entity: Entity) {
      state.sources = [...state.sources, entity];
      derive();
    },
    remove(kind: string, name: string) {
      state.sources = state.sources.filter(
        e => !(e.kind === kind && e.metadata.name === name),
      );
      derive();
    },
  };
}

/** An edit that answers the runbooks check in the entity's annotations. */
export function meetRunbooks(entity: Entity) {
  entity.metadata.annotations = {
    ...entity.metadata.annotations,
    'prodready.dev/check.support.runbooks': 'met',
  };
}
