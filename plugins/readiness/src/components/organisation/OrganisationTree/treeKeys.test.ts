import { rollup } from '../../../__testUtils__/rollups';
import { TreeRow } from '../../../hooks/useRollupTree';
import { treeKeyAction } from './treeKeys';

const group = (ref: string, depth: number, expanded = false): TreeRow => ({
  type: 'group',
  rollup: rollup(ref),
  depth,
  expanded,
  position: 1,
  siblings: 1,
});

describe('treeKeyAction', () => {
  // ACME (open) → Engineering (open) → Checkout, then more of Engineering's and a loading page of ACME's.
  const rows: TreeRow[] = [
    group('group:default/acme', 0, true),
    group('group:default/engineering', 1, true),
    group('group:default/checkout-team', 2),
    {
      type: 'more',
      parent: 'group:default/engineering',
      depth: 2,
      loaded: 1,
      total: 2,
    },
    { type: 'loading', parent: 'group:default/acme', depth: 1 },
  ];

  it('moves up, down, home and end, and not past either end', () => {
    expect(treeKeyAction(rows, 0, 'ArrowUp')).toBeUndefined();
    expect(treeKeyAction(rows, 4, 'ArrowDown')).toBeUndefined();
    expect(treeKeyAction(rows, 2, 'ArrowDown')).toEqual({
      type: 'focus',
      index: 3,
    });
    expect(treeKeyAction(rows, 3, 'Home')).toEqual({ type: 'focus', index: 0 });
    expect(treeKeyAction(rows, 1, 'End')).toEqual({ type: 'focus', index: 4 });
  });

  it('goes left to the parent group from any row, and nowhere from a root', () => {
    expect(treeKeyAction(rows, 3, 'ArrowLeft')).toEqual({
      type: 'focus',
      index: 1,
    });
    expect(treeKeyAction(rows, 2, 'ArrowLeft')).toEqual({
      type: 'focus',
      index: 1,
    });
    expect(treeKeyAction(rows, 4, 'ArrowLeft')).toEqual({
      type: 'focus',
      index: 0,
    });
    const closed = [group('group:default/acme', 0)];
    expect(treeKeyAction(closed, 0, 'ArrowLeft')).toBeUndefined();
  });

  it('opens and closes only groups with children', () => {
    expect(treeKeyAction(rows, 1, 'ArrowLeft')).toEqual({
      type: 'toggle',
      ref: 'group:default/engineering',
    });
    expect(
      treeKeyAction([group('group:default/engineering', 0)], 0, 'ArrowRight'),
    ).toEqual({ type: 'toggle', ref: 'group:default/engineering' });
    // Checkout has no sub-groups: Right does nothing.
    expect(treeKeyAction(rows, 2, 'ArrowRight')).toBeUndefined();
    // An open group whose children have not arrived yet.
    expect(
      treeKeyAction(
        [group('group:default/engineering', 0, true)],
        0,
        'ArrowRight',
      ),
    ).toBeUndefined();
  });

  it('acts on Enter except while a page loads, and leaves other keys alone', () => {
    expect(treeKeyAction(rows, 3, 'Enter')).toEqual({ type: 'activate' });
    expect(treeKeyAction(rows, 4, 'Enter')).toBeUndefined();
    expect(treeKeyAction(rows, 0, 'a')).toBeUndefined();
    expect(treeKeyAction(rows, 0, 'Tab')).toBeUndefined();
  });
});
