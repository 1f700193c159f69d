import { TreeRow } from '../../../hooks/useRollupTree';

/** What a key pressed on a row of the tree does (the WAI-ARIA treegrid pattern, rows focused). */
export type TreeKeyAction =
  | { type: 'focus'; index: number }
  | { type: 'toggle'; ref: string }
  /** The row's own action: a group's details, more groups, or a retry. */
  | { type: 'activate' };

/** The row a group row sits under: the nearest group above it one level up. */
function parentIndex(rows: TreeRow[], index: number): number | undefined {
  for (let i = index - 1; i >= 0; i--) {
    if (rows[i].type === 'group' && rows[i].depth < rows[index].depth) {
      return i;
    }
  }
  return undefined;
}

/**
 * Up and Down move between rows, Home and End to the first and last;
 * Right opens a closed group or moves into an open one, Left closes an open
 * group or moves to its parent; Enter does the row's action. Undefined: the
 * key is not the tree's (the browser keeps its default).
 */
export function treeKeyAction(
  rows: TreeRow[],
  index: number,
  key: string,
): TreeKeyAction | undefined {
  const row = rows[index];
  if (!row) return undefined;
  const focus = (at: number | undefined): TreeKeyAction | undefined =>
    at === undefined || at < 0 || at >= rows.length || at === index
      ? undefined
      : { type: 'focus', index: at };
  switch (key) {
    case 'ArrowDown':
      return focus(index + 1);
    case 'ArrowUp':
      return focus(index - 1);
    case 'Home':
      return focus(0);
    case 'End':
      return focus(rows.length - 1);
    case 'ArrowRight':
      if (row.type !== 'group' || !row.rollup.children.length) return undefined;
      if (!row.expanded) return { type: 'toggle', ref: row.rollup.ref };
      return rows[index + 1]?.depth > row.depth ? focus(index + 1) : undefined;
    case 'ArrowLeft':
      if (row.type === 'group' && row.expanded) {
        return { type: 'toggle', ref: row.rollup.ref };
      }
      return focus(parentIndex(rows, index));
    case 'Enter':
      return row.type === 'loading' ? undefined : { type: 'activate' };
    default:
      return undefined;
  }
}
