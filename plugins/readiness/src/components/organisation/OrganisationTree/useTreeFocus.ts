import {
  RefObject,
  useCallback,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { TreeRow } from '../../../hooks/useRollupTree';
import { rowKey } from './treeRows';

/**
 * The treegrid's focus: the row in the tab order (the one focused last, or
 * the first while none is shown), and focus kept in the tree when the
 * focused row goes: "Show more" becomes a loading row and then the groups
 * it loaded, a loading row becomes a level's first group. Focus then moves
 * to the row that took its place, not to the top of the page.
 */
export function useTreeFocus(
  rows: TreeRow[],
  table: RefObject<HTMLTableElement>,
) {
  const [focused, setFocused] = useState<string>();
  const focusedIndex = useRef(0);
  const current = useMemo(
    () =>
      rows.some(row => rowKey(row) === focused)
        ? focused
        : rows[0] && rowKey(rows[0]),
    [rows, focused],
  );
  const focusRow = useCallback(
    (key: string) => {
      setFocused(key);
      table.current
        ?.querySelector<HTMLElement>(`tr[data-row-key="${CSS.escape(key)}"]`)
        ?.focus();
    },
    [table],
  );
  useLayoutEffect(() => {
    if (focused === undefined || !rows.length) return;
    const index = rows.findIndex(row => rowKey(row) === focused);
    if (index >= 0) {
      focusedIndex.current = index;
      return;
    }
    // Focus went with its row (to the page's body), not somewhere else.
    const active = document.activeElement;
    if (active && active !== document.body) return;
    focusRow(rowKey(rows[Math.min(focusedIndex.current, rows.length - 1)]));
  }, [rows, focused, focusRow]);
  return { current, focusRow, setFocused };
}
