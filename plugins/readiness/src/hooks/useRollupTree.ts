import { useCallback, useEffect, useRef, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import { Rollup } from '@prodready/plugin-readiness-common';
import { readinessApiRef, RollupListQuery } from '../api/ReadinessApi';

/** Groups fetched per request; larger levels get a "show more" row. */
export const TREE_PAGE_SIZE = 50;

/** The key of the root level. */
const ROOTS = 'none';

/** The loaded children of one node (or the roots). */
interface TreeLevel {
  items: Rollup[];
  total: number;
  loading: boolean;
  error?: Error;
}

/** A row of the flattened, visible tree. */
export type TreeRow =
  | { type: 'group'; rollup: Rollup; depth: number; expanded: boolean }
  | { type: 'loading'; parent: string; depth: number }
  | { type: 'error'; parent: string; depth: number; error: Error }
  | {
      type: 'more';
      parent: string;
      depth: number;
      loaded: number;
      total: number;
    };

/** How the tree is ordered and which day it shows. */
export interface TreeQuery {
  sort: NonNullable<RollupListQuery['sort']>;
  order: NonNullable<RollupListQuery['order']>;
  asOf?: string;
  /** When set, a flat list of the groups matching the text instead of the tree. */
  q?: string;
}

/**
 * The organisation as a lazily loaded tree of group rollups: the roots
 * first, the children of a group when it is expanded, a page at a time.
 * Nothing else is fetched, so the page stays fast with thousands of groups.
 */
export function useRollupTree(query: TreeQuery) {
  const api = useApi(readinessApiRef);
  const [levels, setLevels] = useState<ReadonlyMap<string, TreeLevel>>(
    new Map(),
  );
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [meta, setMeta] = useState<{
    asOf?: string;
    computedAt?: string;
    stale: boolean;
  }>({ stale: false });
  // Responses of an outdated query (sort, day or search changed) are dropped.
  const generation = useRef(0);

  const load = useCallback(
    async (key: string, offset: number): Promise<void> => {
      const current = generation.current;
      setLevels(previous => {
        const next = new Map(previous);
        const level = previous.get(key);
        next.set(key, {
          items: offset ? level?.items ?? [] : [],
          total: level?.total ?? 0,
          loading: true,
        });
        return next;
      });
      try {
        const response = await api.listRollups({
          by: 'group',
          // A search lists matching groups anywhere as the top level.
          parent: key === ROOTS && query.q ? undefined : key,
          q: key === ROOTS && query.q ? query.q : undefined,
          sort: query.sort,
          order: query.order,
          limit: TREE_PAGE_SIZE,
          offset,
          asOf: query.asOf || undefined,
        });
        if (current !== generation.current) return;
        if (key === ROOTS) {
          setMeta({
            asOf: response.asOf,
            computedAt: response.computedAt,
            stale: response.stale,
          });
        }
        // A single root (the usual organisation group) opens by itself.
        const [only] = response.items;
        if (
          key === ROOTS &&
          !query.q &&
          response.totalCount === 1 &&
          only.children.length > 0
        ) {
          setExpanded(new Set([only.ref]));
          load(only.ref, 0);
        }
        setLevels(previous => {
          const next = new Map(previous);
          const before = offset ? previous.get(key)?.items ?? [] : [];
          next.set(key, {
            items: [...before, ...response.items],
            total: response.totalCount,
            loading: false,
          });
          return next;
        });
      } catch (error) {
        if (current !== generation.current) return;
        setLevels(previous => {
          const next = new Map(previous);
          const level = previous.get(key);
          next.set(key, {
            items: level?.items ?? [],
            total: level?.total ?? 0,
            loading: false,
            error: error as Error,
          });
          return next;
        });
      }
    },
    [api, query.q, query.sort, query.order, query.asOf],
  );

  useEffect(() => {
    generation.current++;
    setLevels(new Map());
    setExpanded(new Set());
    load(ROOTS, 0);
  }, [load]);

  const toggle = useCallback(
    (ref: string) => {
      const opening = !expanded.has(ref);
      setExpanded(previous => {
        const next = new Set(previous);
        if (opening) next.add(ref);
        else next.delete(ref);
        return next;
      });
      if (opening && !levels.has(ref)) load(ref, 0);
    },
    [expanded, levels, load],
  );

  const loadMore = useCallback(
    (key: string) => load(key, levels.get(key)?.items.length ?? 0),
    [levels, load],
  );

  const rows: TreeRow[] = [];
  const walk = (key: string, depth: number) => {
    const level = levels.get(key);
    if (!level) return;
    for (const rollup of level.items) {
      const open = expanded.has(rollup.ref);
      rows.push({ type: 'group', rollup, depth, expanded: open });
      if (open) walk(rollup.ref, depth + 1);
    }
    if (level.loading) rows.push({ type: 'loading', parent: key, depth });
    if (level.error)
      rows.push({ type: 'error', parent: key, depth, error: level.error });
    else if (!level.loading && level.items.length < level.total)
      rows.push({
        type: 'more',
        parent: key,
        depth,
        loaded: level.items.length,
        total: level.total,
      });
  };
  walk(ROOTS, 0);

  const roots = levels.get(ROOTS);
  return {
    rows,
    roots: roots?.items ?? [],
    loading: !roots || (roots.loading && roots.items.length === 0),
    error: roots?.error,
    ...meta,
    toggle,
    loadMore,
    retry: () => load(ROOTS, 0),
  };
}
