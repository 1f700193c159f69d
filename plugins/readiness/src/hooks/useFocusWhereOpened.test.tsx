import { useState } from 'react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { ConfirmDialog } from '../components/shared/ConfirmDialog';

/** Changes the page as a poll would, without the user. */
let refresh = () => {};

/** A list whose rows a confirmed Remove deletes, at once or after a reload. */
function List(props: { reload?: boolean; spinner?: boolean }) {
  const [items, setItems] = useState(['a', 'b', 'c']);
  const [loading, setLoading] = useState(false);
  const [removing, setRemoving] = useState<string>();
  const [tick, setTick] = useState(0);
  refresh = () => setTick(t => t + 1);
  return (
    <>
      {tick > 0 && <p>Refreshed</p>}
      {loading ? (
        <p>Loading…</p>
      ) : (
        <ul>
          {items.map(item => (
            <li key={item}>
              <button onClick={() => setRemoving(item)}>Remove {item}</button>
            </li>
          ))}
        </ul>
      )}
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing}?`}
          confirmLabel="Remove"
          onClose={() => setRemoving(undefined)}
          onConfirm={async () => {
            const remove = () =>
              setItems(current => current.filter(i => i !== removing));
            setRemoving(undefined);
            if (props.spinner) {
              setTimeout(() => setLoading(true), 20);
              setTimeout(() => {
                remove();
                setLoading(false);
              }, 80);
            } else if (props.reload) setTimeout(remove, 50);
            else remove();
          }}
        >
          Gone for good.
        </ConfirmDialog>
      )}
    </>
  );
}

const confirm = async () =>
  userEvent.click(
    within(await screen.findByRole('dialog')).getByRole('button', {
      name: 'Remove',
    }),
  );

describe('useFocusWhereOpened', () => {
  it('focuses the control after a removed one, or before the last', async () => {
    await renderInTestApp(<List />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove b' }));
    await confirm();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Remove c' })).toHaveFocus(),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Remove c' }));
    await confirm();
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Remove a' })).toHaveFocus(),
    );
  });

  it('also when a reload removes the opener a moment after the dialog closed', async () => {
    await renderInTestApp(<List reload />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove a' }));
    await confirm();
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: 'Remove a' })).toBeNull(),
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Remove b' })).toHaveFocus(),
    );
  });

  it('waits for a list that reloads with a spinner in its place', async () => {
    await renderInTestApp(<List spinner />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove a' }));
    await confirm();
    await screen.findByText('Loading…');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Remove b' })).toHaveFocus(),
    );
  });

  it('leaves the focus where the user put it', async () => {
    await renderInTestApp(<List />);
    await userEvent.click(screen.getByRole('button', { name: 'Remove b' }));
    await userEvent.click(
      within(await screen.findByRole('dialog')).getByRole('button', {
        name: 'Cancel',
      }),
    );
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'Remove b' })).toHaveFocus(),
    );
    // The user leaves the list (focus on the page); then the page changes.
    act(() => (document.activeElement as HTMLElement).blur());
    act(() => refresh());
    await screen.findByText('Refreshed');
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(document.activeElement).toBe(document.body);
  });
});
