import { emptyAggregate, Rollup } from '@prodready/plugin-readiness-common';

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
