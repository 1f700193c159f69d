import { TreeRow } from '../../../hooks/useRollupTree';

/** A row's key: its group, or what it stands for under its parent. */
export const rowKey = (row: TreeRow) =>
  row.type === 'group' ? row.rollup.ref : `${row.type}-${row.parent}`;

/** The groups shown under a parent (a group's ref, or the roots' key), and how many it has. */
function levelOf(rows: TreeRow[], parent: string) {
  const at = rows.findIndex(
    row => row.type === 'group' && row.rollup.ref === parent,
  );
  const depth = at < 0 ? 0 : rows[at].depth + 1;
  let shown = 0;
  let total = 0;
  for (let i = at + 1; i < rows.length && rows[i].depth >= depth; i++) {
    const row = rows[i];
    if (row.type === 'group' && row.depth === depth) {
      shown++;
      total = row.siblings;
    }
  }
  const row = rows[at];
  return {
    title:
      row?.type === 'group' ? row.rollup.title ?? row.rollup.ref : undefined,
    shown,
    total,
  };
}

/**
 * What to tell a screen reader once pages of groups stop loading: how many
 * groups a level shows now, or that it could not be loaded. Undefined while
 * nothing finished loading.
 */
export function loadedMessage(
  before: TreeRow[],
  after: TreeRow[],
): string | undefined {
  const loading = (rows: TreeRow[]) =>
    new Set(rows.flatMap(row => (row.type === 'loading' ? [row.parent] : [])));
  const still = loading(after);
  const messages = [...loading(before)]
    .filter(parent => !still.has(parent))
    .map(parent => {
      const { title, shown, total } = levelOf(after, parent);
      const under = title ? ` under ${title}` : '';
      if (after.some(row => row.type === 'error' && row.parent === parent)) {
        return `Could not load the groups${under}`;
      }
      return `${shown} of ${total} groups shown${under}`;
    });
  return messages.length ? messages.join('. ') : undefined;
}
