import { render, screen, waitFor } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { RollupListQuery } from '../api/ReadinessApi';
import { readinessApiRef } from '../api/ReadinessApi';
import { rollupApi } from '../__testUtils__/rollups';
import { useRollupTree } from './useRollupTree';

/** The tree's groups as buttons that expand them, counting its renders. */
function Tree(props: { renders: { count: number } }) {
  const tree = useRollupTree({ sort: 'title', order: 'asc' });
  props.renders.count++;
  return (
    <>
      {tree.rows.map(row =>
        row.type === 'group' ? (
          <button
            key={row.rollup.ref}
            onClick={() => tree.toggle(row.rollup.ref)}
          >
            {row.rollup.ref}
          </button>
        ) : null,
      )}
    </>
  );
}

describe('useRollupTree', () => {
  it('sends the children request of an expanded group before rendering again', async () => {
    const renders = { count: 0 };
    const fake = rollupApi();
    // When each request was sent, in renders of the tree. Like the real
    // client, it is sent after a few awaits (the discovery and identity APIs).
    const sent = new Map<string | undefined, number>();
    const listRollups = async (query: RollupListQuery) => {
      await Promise.resolve();
      await Promise.resolve();
      sent.set(query.parent, renders.count);
      return fake.listRollups(query);
    };
    render(
      <TestApiProvider apis={[[readinessApiRef, { listRollups }]]}>
        <Tree renders={renders} />
      </TestApiProvider>,
    );
    const engineering = await screen.findByRole('button', {
      name: 'group:default/engineering',
    });

    // Outside act(), so React schedules its renders as in a browser.
    const actEnvironment = (globalThis as any).IS_REACT_ACT_ENVIRONMENT;
    (globalThis as any).IS_REACT_ACT_ENVIRONMENT = false;
    try {
      const before = renders.count;
      engineering.click();
      await waitFor(() =>
        expect(sent.get('group:default/engineering')).toBeDefined(),
      );
      expect(sent.get('group:default/engineering')).toBe(before);
      expect(
        await screen.findByRole('button', {
          name: 'group:default/payments-team',
        }),
      ).toBeInTheDocument();
    } finally {
      (globalThis as any).IS_REACT_ACT_ENVIRONMENT = actEnvironment;
    }
  });
});
