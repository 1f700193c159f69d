import { screen, waitFor, within } from '@testing-library/react';
import { ReadinessApi } from '../../../api/ReadinessApi';
import {
  clickButton,
  openDialog,
  pickHolder,
} from '../../../__testUtils__/dialogs';
import {
  conflictError,
  OWNER,
  READER,
  renderReadiness,
} from '../../../__testUtils__/render';
import {
  ENTITY_REF,
  model,
  paymentsApi,
  scorecardApi,
  scorecardOf,
  storedRole,
} from '../../../__testUtils__/scorecards';
import { EntityReadinessCard } from '../EntityReadinessCard';
import { EntityReadinessRolesCard } from './EntityReadinessRolesCard';

const roleRow = (roleId: string) => screen.getByTestId(`role-row-${roleId}`);

describe('EntityReadinessRolesCard', () => {
  it('lists every role with holders, required or optional, source and problems', async () => {
    const entity = paymentsApi({
      'prodready.dev/role.dba': 'user:default/former.employee',
    });
    const scorecard = scorecardOf(entity);
    await renderReadiness(<EntityReadinessRolesCard />, {
      api: scorecardApi(scorecard),
      entity,
    });
    const devops = await screen.findByTestId('role-row-devops-lead');
    expect(within(devops).getByText('DevOps Leader')).toBeInTheDocument();
    expect(within(devops).getByText('Required')).toBeInTheDocument();
    expect(within(devops).getByText('Annotation')).toBeInTheDocument();
    expect(within(devops).getByText('Healthy')).toBeInTheDocument();
    expect(within(roleRow('dba')).getByText('Optional')).toBeInTheDocument();
    expect(
      within(roleRow('dba')).getByText(
        'Holder not in catalog: former.employee',
      ),
    ).toBeInTheDocument();
    expect(within(roleRow('cto')).getByText('Unassigned')).toBeInTheDocument();
    expect(within(roleRow('cto')).getByText('No holder')).toBeInTheDocument();
    // Each role says what it is for, in words on the card.
    const cto = model.roles.find(r => r.id === 'cto')!;
    expect(within(roleRow('cto')).getByText(cto.responsibility)).toBeVisible();
    expect(
      screen.getByText(/Only the owners of this entity can assign/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: /Assign holders/ }),
    ).not.toBeInTheDocument();
  });

  it("offers no removal of a System's portal assignment on its part, and assigns the part's own from version 0", async () => {
    const entity = paymentsApi();
    const system = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'System',
      metadata: { name: 'payments-core', namespace: 'default' },
      spec: { owner: 'group:default/payments-team' },
    };
    const scorecard = scorecardOf(entity, {
      system,
      systemRoles: [
        storedRole('cto', ['user:default/bob'], {
          entityRef: 'system:default/payments-core',
          version: 4,
        }),
      ],
    });
    const assignment = storedRole('cto', ['user:default/bob']);
    const api: Partial<ReadinessApi> = {
      ...scorecardApi(scorecard),
      putRole: jest.fn(async () => ({
        role: assignment,
        scorecard: scorecardOf(entity, { roles: [assignment] }),
      })),
    };
    await renderReadiness(<EntityReadinessRolesCard />, {
      api,
      grants: OWNER,
      entity,
    });
    const cto = await screen.findByTestId('role-row-cto');
    expect(within(cto).getByText(/from/)).toBeInTheDocument();
    expect(
      within(cto).queryByRole('button', {
        name: 'Remove the portal assignment of CTO',
      }),
    ).not.toBeInTheDocument();
    const dialog = await openDialog('Assign holders of CTO');
    await clickButton(dialog, 'Save holders');
    expect(api.putRole).toHaveBeenCalledWith(ENTITY_REF, 'cto', {
      holders: ['user:default/bob'],
      version: 0,
    });
  });

  it('warns when one person holds every required role', async () => {
    const entity = paymentsApi();
    const roles = model.roles
      .filter(r => r.required)
      .map(r => storedRole(r.id, ['user:default/dmitri']));
    const scorecard = scorecardOf(entity, { roles });
    expect(scorecard.roleHealth).toHaveLength(1);
    await renderReadiness(<EntityReadinessRolesCard />, {
      api: scorecardApi(scorecard),
      entity,
    });
    expect(
      await screen.findByText(/One person holds every role/),
    ).toBeInTheDocument();
    expect(screen.getByText(/holds every\s+required role/)).toBeInTheDocument();
  });

  it('lets an owner assign a holder, after which the role is healthy', async () => {
    const entity = paymentsApi();
    const before = scorecardOf(entity);
    const assignment = storedRole('cto', ['user:default/bob']);
    const after = scorecardOf(entity, { roles: [assignment] });
    const api: Partial<ReadinessApi> = {
      ...scorecardApi(before),
      putRole: jest.fn(async () => ({ role: assignment, scorecard: after })),
      deleteRole: jest.fn(async () => ({ scorecard: before })),
    };
    const { permissionApi, alerts } = await renderReadiness(
      <EntityReadinessRolesCard />,
      {
        api,
        grants: OWNER,
        entity,
      },
    );
    const dialog = await openDialog('Assign holders of CTO');
    await pickHolder(dialog, 'bob', /Bob Brown/);
    await clickButton(dialog, 'Save holders');

    expect(api.putRole).toHaveBeenCalledWith(ENTITY_REF, 'cto', {
      holders: ['user:default/bob'],
      version: 0,
    });
    await waitFor(() =>
      expect(
        within(roleRow('cto')).queryByText('Unassigned'),
      ).not.toBeInTheDocument(),
    );
    expect(within(roleRow('cto')).getByText('Portal')).toBeInTheDocument();
    expect(permissionApi.requests).toContainEqual({
      name: 'readiness.role.update',
      resourceRef: ENTITY_REF,
    });

    // The portal assignment can be removed again, with its version.
    await clickButton(roleRow('cto'), 'Remove the portal assignment of CTO');
    await clickButton(screen.getByRole('dialog'), 'Remove');
    expect(api.deleteRole).toHaveBeenCalledWith(ENTITY_REF, 'cto', 1);
    // Each write is confirmed in words, not only by the row changing.
    await waitFor(() =>
      expect(alerts.map(alert => alert.message)).toEqual([
        'Saved the holders of CTO',
        'Removed the portal assignment of CTO',
      ]),
    );
    expect(alerts.every(alert => alert.severity === 'success')).toBe(true);
  });

  it('reloads the roles when a removal meets a newer assignment, and removes that one next', async () => {
    const entity = paymentsApi();
    const seen = storedRole('cto', ['user:default/bob']);
    const newer = storedRole('cto', ['user:default/alice'], { version: 2 });
    const getScorecard = jest
      .fn()
      .mockResolvedValueOnce({
        scorecard: scorecardOf(entity, { roles: [seen] }),
        stale: false,
      })
      .mockResolvedValue({
        scorecard: scorecardOf(entity, { roles: [newer] }),
        stale: false,
      });
    const api: Partial<ReadinessApi> = {
      getModel: async () => model,
      getScorecard,
      deleteRole: jest
        .fn()
        .mockRejectedValueOnce(await conflictError(newer))
        .mockResolvedValue({ scorecard: scorecardOf(entity) }),
    };
    await renderReadiness(<EntityReadinessRolesCard />, {
      api,
      grants: OWNER,
      entity,
    });
    await screen.findByTestId('role-row-cto');
    await clickButton(roleRow('cto'), 'Remove the portal assignment of CTO');
    await clickButton(screen.getByRole('dialog'), 'Remove');
    expect(
      await within(screen.getByRole('dialog')).findByText(
        /changed by someone else/,
      ),
    ).toBeInTheDocument();
    expect(api.deleteRole).toHaveBeenCalledWith(ENTITY_REF, 'cto', 1);
    await waitFor(() => expect(getScorecard).toHaveBeenCalledTimes(2));
    // The row behind the dialog shows the newer holder.
    await within(roleRow('cto')).findByText('alice');

    await clickButton(screen.getByRole('dialog'), 'Remove');
    expect(api.deleteRole).toHaveBeenLastCalledWith(ENTITY_REF, 'cto', 2);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    // The Remove button that opened the dialog is gone: focus goes to the
    // row's first control, not to the top of the page.
    await waitFor(() =>
      expect(
        within(roleRow('cto')).getByRole('button', {
          name: 'Assign holders of CTO',
        }),
      ).toHaveFocus(),
    );
  });

  it('updates the readiness card beside it after a holder is assigned, both read once', async () => {
    const entity = paymentsApi();
    const before = scorecardOf(entity);
    const roles = model.roles
      .filter(r => r.required)
      // Two people: one holding every role is a problem of its own.
      .map((r, i) =>
        storedRole(r.id, [i % 2 ? 'user:default/bob' : 'user:default/alice']),
      );
    const after = scorecardOf(entity, { roles });
    expect(after.score).not.toBe(before.score);
    const api = {
      getModel: jest.fn(async () => model),
      getScorecard: jest.fn(async () => ({ scorecard: before, stale: false })),
      putRole: jest.fn(async () => ({ role: roles[0], scorecard: after })),
    };
    // As on an overview that has both cards.
    await renderReadiness(
      <>
        <EntityReadinessCard />
        <EntityReadinessRolesCard />
      </>,
      { api, grants: OWNER, entity },
    );
    expect(await screen.findByText(`${before.score}%`)).toBeInTheDocument();
    expect(api.getScorecard).toHaveBeenCalledTimes(1);
    expect(api.getModel).toHaveBeenCalledTimes(1);

    const dialog = await openDialog('Assign holders of CTO');
    await pickHolder(dialog, 'bob', /Bob Brown/);
    await clickButton(dialog, 'Save holders');
    await waitFor(() =>
      expect(within(roleRow('cto')).getByText('Portal')).toBeInTheDocument(),
    );
    expect(screen.getByText(`${after.score}%`)).toBeInTheDocument();
    expect(screen.queryByText(`${before.score}%`)).not.toBeInTheDocument();
    expect(api.getScorecard).toHaveBeenCalledTimes(1);
  });

  it('does not offer editing to readers', async () => {
    const entity = paymentsApi();
    await renderReadiness(<EntityReadinessRolesCard />, {
      api: scorecardApi(scorecardOf(entity)),
      grants: READER,
      entity,
    });
    await screen.findByTestId('role-row-cto');
    expect(
      screen.queryByRole('columnheader', { name: 'Actions' }),
    ).not.toBeInTheDocument();
  });
});
