import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CheckResult,
  ListedExemption,
  ReadinessCheck,
} from '@prodready/plugin-readiness-common';
import {
  conflictError,
  renderReadiness,
  responseError,
} from '../../../__testUtils__/render';
import { ExemptionPanel } from './ExemptionPanel';
import { EntityExemptionsProvider } from './EntityExemptions';

const NOW = new Date('2026-12-01T10:00:00Z');
const entityRef = 'component:default/payments-api';

const definition: ReadinessCheck = {
  id: 'recoverability.restore-test',
  category: 'recoverability',
  title: 'Restore from backup tested',
  question: 'Has a restore been tested?',
  guidance: '',
  weight: 1,
  gate: true,
  level: 'silver',
  appliesTo: ['component'],
  roles: ['dba'],
};

const failing: CheckResult = {
  checkId: definition.id,
  status: 'not-met',
  points: 0,
  source: 'portal',
  problems: [],
};

const pending: ListedExemption = {
  id: 'e1',
  entityRef,
  checkId: definition.id,
  reasonCode: 'planned-remediation',
  reasonText: 'Drill booked with the DBA team',
  endsOn: '2027-02-01',
  status: 'pending',
  requestedBy: 'user:default/alice',
  requestedAt: '2026-11-30T09:00:00Z',
  version: 1,
  canDecide: false,
};

async function render(options: {
  result?: CheckResult;
  items?: ListedExemption[];
  canRequest?: boolean;
  api?: object;
}) {
  const onChanged = jest.fn();
  const api = {
    listExemptions: jest.fn(async () => ({
      items: options.items ?? [],
      maxDays: 180,
    })),
    ...options.api,
  };
  const rendered = await renderReadiness(
    <EntityExemptionsProvider entityRef={entityRef}>
      <ExemptionPanel
        row={{ definition, result: options.result ?? failing }}
        context={{
          entityRef,
          canRequest: options.canRequest ?? true,
          onChanged,
        }}
        now={NOW}
      />
    </EntityExemptionsProvider>,
    { api },
  );
  return { api, onChanged, rendered };
}

/** The pending request, decidable, then as another approver left it. */
const listedThen = (decided: Partial<ListedExemption>) =>
  jest
    .fn()
    .mockResolvedValueOnce({
      items: [{ ...pending, canDecide: true }],
      maxDays: 180,
    })
    .mockResolvedValue({ items: [{ ...pending, ...decided }], maxDays: 180 });

describe('ExemptionPanel', () => {
  it('lets an owner request an exemption of a failing check, validating the end date', async () => {
    const requestExemption = jest.fn(async () => ({
      exemption: { ...pending },
      scorecard: undefined,
    }));
    const { onChanged } = await render({ api: { requestExemption } });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request exemption' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: /Request an exemption of Restore from backup tested/,
    });
    // Nothing said why: refused in place.
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    expect(
      within(dialog).getByText('Say why the check is waived'),
    ).toBeTruthy();
    await userEvent.type(
      within(dialog).getByLabelText(/Why, and what happens/),
      'Drill booked',
    );
    const endsOn = within(dialog).getByLabelText(/Ends on/);
    fireEvent.change(endsOn, { target: { value: '2027-12-31' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    expect(
      within(dialog).getByText(/At most 180 days ahead: 2027-05-30 or earlier/),
    ).toBeTruthy();
    fireEvent.change(endsOn, { target: { value: '2027-02-01' } });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(requestExemption).toHaveBeenCalledWith(entityRef, {
      checkId: definition.id,
      reasonCode: 'planned-remediation',
      reasonText: 'Drill booked',
      endsOn: '2027-02-01',
    });
  });

  it('shows why the exemptions could not be read, and offers no request meanwhile', async () => {
    const unavailable = await responseError(503, 'Service Unavailable', {
      name: 'ServiceUnavailableError',
      message: 'The database is down',
    });
    const { api } = await render({
      api: {
        listExemptions: jest
          .fn()
          .mockRejectedValueOnce(unavailable)
          .mockResolvedValue({ items: [pending], maxDays: 180 }),
      },
    });
    expect(
      await screen.findByText(
        /The exemptions of this entity could not be read/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request exemption' }),
    ).toBeNull();
    // Read again: the pending request was there all along.
    await userEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByText('Exemption requested until 2027-02-01'),
    ).toBeTruthy();
    expect(api.listExemptions).toHaveBeenCalledTimes(2);
    expect(
      screen.queryByRole('button', { name: 'Request exemption' }),
    ).toBeNull();
  });

  it('shows the exemption someone else requested first, and closes when the user keeps it', async () => {
    const requestExemption = jest.fn(async () => {
      throw await conflictError(pending);
    });
    const listExemptions = jest
      .fn()
      .mockResolvedValueOnce({ items: [], maxDays: 180 })
      .mockResolvedValue({ items: [pending], maxDays: 180 });
    const { onChanged } = await render({
      api: { listExemptions, requestExemption },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Request exemption' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/Why, and what happens/),
      'Drill booked',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request exemption' }),
    );
    expect(
      await within(dialog).findByText('This check already has an exemption'),
    ).toBeTruthy();
    expect(
      within(dialog).getByText(/Pending until 1 Feb 2027, requested by/),
    ).toBeTruthy();
    // Asking again would meet the same exemption: nothing offers to.
    expect(
      within(dialog).queryByRole('button', { name: 'Try again' }),
    ).toBeNull();
    // The list and the scorecard are read again.
    await waitFor(() => expect(listExemptions).toHaveBeenCalledTimes(2));
    expect(onChanged).toHaveBeenCalledWith(undefined);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Keep the existing one' }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      screen.getByText('Exemption requested until 2027-02-01'),
    ).toBeTruthy();
    expect(requestExemption).toHaveBeenCalledTimes(1);
  });

  it('reads the exemptions again when someone else decided first', async () => {
    const decideExemption = jest.fn(async () => {
      throw await conflictError({ ...pending, status: 'approved' });
    });
    const listExemptions = listedThen({ status: 'approved', version: 2 });
    const { onChanged } = await render({
      result: { ...failing, status: 'exempt', points: null },
      api: { listExemptions, decideExemption },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    // The error stays in the dialog; behind it, the exemption as it is now.
    expect(await within(dialog).findByRole('alert')).toBeTruthy();
    await waitFor(() => expect(listExemptions).toHaveBeenCalledTimes(2));
    expect(onChanged).toHaveBeenCalledWith(undefined);
    expect(await screen.findByText('until 2027-02-01')).toBeTruthy();
    // Only the dialog's own button is left: no decision is offered.
    expect(
      screen.getAllByRole('button', { name: 'Approve', hidden: true }),
    ).toHaveLength(1);
  });

  it('keeps the dialog and its reason when another approver rejected first, for a decider who may not request', async () => {
    const decideExemption = jest.fn(async () => {
      throw await conflictError({ ...pending, status: 'rejected' });
    });
    const listExemptions = listedThen({ status: 'rejected', version: 2 });
    await render({
      canRequest: false,
      api: { listExemptions, decideExemption },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() => expect(listExemptions).toHaveBeenCalledTimes(2));
    // Nothing is open any more, yet the dialog says why it did not go.
    expect(await screen.findByRole('dialog')).toBeTruthy();
    expect(within(screen.getByRole('dialog')).getByRole('alert')).toBeTruthy();
  });

  it('offers nothing to a reader, or for a check that is met', async () => {
    const reader = await render({ canRequest: false });
    await waitFor(() => expect(reader.api.listExemptions).toHaveBeenCalled());
    expect(
      screen.queryByRole('button', { name: 'Request exemption' }),
    ).toBeNull();
    reader.rendered.unmount();
    const met = await render({
      result: { ...failing, status: 'met', points: 1 },
    });
    await waitFor(() => expect(met.api.listExemptions).toHaveBeenCalled());
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Request exemption' }),
      ).toBeNull(),
    );
  });

  it('shows a pending request without Approve to its requester', async () => {
    await render({ items: [pending] });
    expect(
      await screen.findByText('Exemption requested until 2027-02-01'),
    ).toBeTruthy();
    expect(screen.getByText(/Drill booked with the DBA team/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(
      screen.queryByRole('button', { name: 'Request exemption' }),
    ).toBeNull();
  });

  it('lets an approver approve, at the version seen', async () => {
    const decideExemption = jest.fn(async () => ({
      exemption: { ...pending, status: 'approved' as const, version: 2 },
      scorecard: undefined,
    }));
    const { onChanged } = await render({
      items: [{ ...pending, canDecide: true }],
      api: { decideExemption },
    });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Approve' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/exempt until 2027-02-01/)).toBeTruthy();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Approve' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalled());
    expect(decideExemption).toHaveBeenCalledWith(entityRef, 'e1', 'approve', {
      version: 1,
    });
  });

  it('offers a new request when the one pending was not decided before its end day', async () => {
    await render({ items: [{ ...pending, endsOn: '2026-12-01' }] });
    expect(
      await screen.findByRole('button', { name: 'Request exemption' }),
    ).toBeTruthy();
    expect(screen.queryByText(/Exemption requested until/)).toBeNull();
  });

  it('shows an approved exemption with the Exempt chip and its end date', async () => {
    await render({
      result: { ...failing, status: 'exempt', points: null },
      items: [
        {
          ...pending,
          status: 'approved',
          decidedBy: 'user:default/carol',
          decidedAt: '2026-11-30T12:00:00Z',
          version: 2,
        },
      ],
    });
    expect(await screen.findByText('until 2027-02-01')).toBeTruthy();
    expect(screen.getByText('Exempt')).toBeTruthy();
    expect(screen.getByText(/approved by/)).toBeTruthy();
  });
});
