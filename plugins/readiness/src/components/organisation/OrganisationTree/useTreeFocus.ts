import {
  FocusEvent,
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
 * to the row that took its place, not to the top of the page; unless the
 * user has put it elsewhere meanwhile.
 */
export function useTreeFocus(
  rows: TreeRow[],
  table: RefObject<HTMLTableElement>,
) {
  const [focused, setFocused] = useState<string>();
  const focusedIndex = useRef(0);
  // Whether focus is in the tree, or went with a row of it: not once the
  // user put it elsewhere (another control, or the page).
  const inTree = useRef(false);
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
    if (!inTree.current || (active && active !== document.body)) return;
    focusRow(rowKey(rows[Math.min(focusedIndex.current, rows.length - 1)]));
  }, [rows, focused, focusRow]);
  const onFocus = useCallback(() => {
    inTree.current = true;
  }, []);
  const onBlur = useCallback(
    (event: FocusEvent) => {
      const next = event.relatedTarget as Node | null;
      if (next && table.current?.contains(next)) return;
      if (next) {
        inTree.current = false;
        return;
      }
      // To the page: left, unless what lost focus was removed with its row.
      const left = event.target as HTMLElement;
      setTimeout(() => {
        if (left.isConnected) inTree.current = false;
      });
    },
    [table],
  );
  return { current, focusRow, setFocused, onFocus, onBlur };
}
