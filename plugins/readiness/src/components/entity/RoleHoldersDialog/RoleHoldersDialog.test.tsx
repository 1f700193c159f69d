import { within } from '@testing-library/react';
import {
  clickButton,
  pickHolder,
  renderDialog,
} from '../../../__testUtils__/dialogs';
import { conflictError, responseError } from '../../../__testUtils__/render';
import {
  ENTITY_REF,
  model,
  paymentsApi,
  scorecardOf,
  storedRole,
} from '../../../__testUtils__/scorecards';
import { RoleHoldersDialog } from './RoleHoldersDialog';

const definition = model.roles.find(r => r.id === 'test-manager')!;

function renderRoleDialog(
  putRole: jest.Mock,
  roles = [] as ReturnType<typeof storedRole>[],
) {
  const role = scorecardOf(paymentsApi(), { roles }).roles.find(
    r => r.roleId === 'test-manager',
  )!;
  return renderDialog(
    ({ onClose, onSaved }) => (
      <RoleHoldersDialog
        entityRef={ENTITY_REF}
        role={role}
        definition={definition}
        onClose={onClose}
        onSaved={onSaved}
      />
    ),
    { putRole },
  );
}

describe('RoleHoldersDialog', () => {
  it('assigns the users and groups picked, with version 0 for a first assignment', async () => {
    const putRole = jest.fn().mockResolvedValue({ scorecard: undefined });
    const { dialog, onSaved } = await renderRoleDialog(putRole);
    expect(
      within(dialog).getByText(definition.responsibility),
    ).toBeInTheDocument();
    await pickHolder(dialog, 'bob', /Bob Brown/);
    await pickHolder(dialog, 'pay', /Payments/);
    await clickButton(dialog, 'Save holders');
    expect(putRole).toHaveBeenCalledWith(ENTITY_REF, 'test-manager', {
      holders: ['user:default/bob', 'group:default/payments-team'],
      version: 0,
    });
    expect(onSaved).toHaveBeenCalled();
  });

  it('asks for a holder instead of saving an empty list', async () => {
    const putRole = jest.fn();
    const { dialog } = await renderRoleDialog(putRole);
    await clickButton(dialog, 'Save holders');
    expect(putRole).not.toHaveBeenCalled();
    expect(
      within(dialog).getByText(/Choose at least one holder/),
    ).toBeInTheDocument();
  });

  it('shows the unknown holders the server names and keeps the selection', async () => {
    const putRole = jest.fn().mockRejectedValue(
      await responseError(400, 'Bad Request', {
        name: 'InputError',
        message:
          'Invalid role assignment: holders: user:default/bob is not in the catalog',
      }),
    );
    const { dialog } = await renderRoleDialog(putRole);
    await pickHolder(dialog, 'bob', /Bob Brown/);
    await clickButton(dialog, 'Save holders');
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'user:default/bob is not in the catalog',
    );
    expect(
      within(dialog).getByRole('button', { name: 'Bob Brown' }),
    ).toBeInTheDocument();
  });

  it('on a 409 shows the newer holders and re-applies the selection on top', async () => {
    const theirs = storedRole('test-manager', ['user:default/dmitri'], {
      version: 3,
    });
    const putRole = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(theirs))
      .mockResolvedValueOnce({ scorecard: undefined });
    const { dialog, onSaved } = await renderRoleDialog(putRole, [
      storedRole('test-manager', ['user:default/alice'], { version: 2 }),
    ]);
    expect(
      within(dialog).getByRole('button', { name: 'Alice Andersson' }),
    ).toBeInTheDocument();
    await pickHolder(dialog, 'bob', /Bob Brown/);
    await clickButton(dialog, 'Save holders');
    expect(putRole).toHaveBeenLastCalledWith(ENTITY_REF, 'test-manager', {
      holders: ['user:default/alice', 'user:default/bob'],
      version: 2,
    });
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this role');
    expect(alert).toHaveTextContent('version 3');
    await clickButton(dialog, 'Apply my selection on top');
    expect(putRole).toHaveBeenLastCalledWith(ENTITY_REF, 'test-manager', {
      holders: ['user:default/alice', 'user:default/bob'],
      version: 3,
    });
    expect(onSaved).toHaveBeenCalled();
  });
});
