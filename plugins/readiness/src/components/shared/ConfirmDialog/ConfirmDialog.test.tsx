import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { ConfirmDialog } from './ConfirmDialog';

describe('ConfirmDialog', () => {
  it('runs the action on confirm and shows its error in place', async () => {
    const onConfirm = jest.fn().mockRejectedValue(new Error('version changed'));
    const onClose = jest.fn();
    await renderInTestApp(
      <ConfirmDialog
        title="Revert?"
        confirmLabel="Revert"
        onConfirm={onConfirm}
        onClose={onClose}
      >
        It goes back to the annotation.
      </ConfirmDialog>,
    );
    expect(
      screen.getByRole('dialog', { name: 'Revert?' }),
    ).toHaveAccessibleDescription('It goes back to the annotation.');
    // The dialog takes the focus, so the keyboard works inside it.
    const dialog = screen.getByRole('dialog');
    const active = document.activeElement!;
    expect(active.contains(dialog) || dialog.contains(active)).toBe(true);
    await userEvent.click(screen.getByRole('button', { name: 'Revert' }));
    expect(onConfirm).toHaveBeenCalled();
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'version changed',
    );
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalled();
  });
});
