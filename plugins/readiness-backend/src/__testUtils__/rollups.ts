import { emptyAggregate, Rollup } from '@prodready/plugin-readiness-common';
import { ReadinessStore } from '../database/ReadinessStore';

/** The ref of test group `g<name>`. */
export const g = (name: number | string) => `group:default/g${name}`;

/** An empty rollup of `ref`, under `parent` if given: a tree to store. */
export function emptyRollup(
  ref: string,
  kind: Rollup['kind'],
  parent?: string,
): Rollup {
  return {
    ref,
    kind,
    children: [],
    score: null,
    categories: {},
    aggregate: emptyAggregate(),
    ...(parent ? { parent } : {}),
  };
}

/** Every stored group, System and Domain rollup by ref, without when it was computed. */
export async function storedRollups(
  store: Pick<ReadinessStore, 'listRollups'>,
): Promise<Record<string, unknown>> {
  const rollups: Record<string, unknown> = {};
  for (const kind of ['group', 'system', 'domain'] as const) {
    const { items } = await store.listRollups({ kind, limit: 1000, offset: 0 });
    for (const { computedAt, ...rollup } of items as any[]) {
      rollups[rollup.ref] = rollup;
    }
  }
  return rollups;
}
