import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CostTable, StoredCostTable } from '@prodready/plugin-readiness-common';
import { clickButton, renderDialog } from '../../../__testUtils__/dialogs';
import {
  conflictError,
  OWNER,
  renderReadiness,
} from '../../../__testUtils__/render';
import {
  ENTITY_REF,
  paymentsApi,
  scorecardOf,
} from '../../../__testUtils__/scorecards';
import { CostCurveCard } from './CostCurveCard';
import { CostCurveChart } from './CostCurveChart';
import { CostTableDialog } from './CostTableDialog';

const table: CostTable = {
  currency: 'EUR',
  date: '2026-11-01',
  assumptions: 'managed PostgreSQL; one on-call engineer from 1,000 users',
  tiers: [
    { users: 0, monthlyCost: 450 },
    { users: 1, monthlyCost: 455 },
    { users: 10, monthlyCost: 470 },
    { users: 1000, monthlyCost: 2100 },
    { users: 1000000, monthlyCost: 380000 },
  ],
};

const stored = (overrides: Partial<StoredCostTable> = {}): StoredCostTable => ({
  ...table,
  entityRef: ENTITY_REF,
  updatedBy: 'user:default/alice',
  updatedAt: '2026-11-20T10:00:00.000Z',
  version: 2,
  ...overrides,
});

// Typing in dialogs is slow on a loaded machine; a ceiling, not a timing.

describe('CostCurveChart', () => {
  it('draws the curve and states every figure, the idle cost included', async () => {
    const { container } = await renderReadiness(
      <CostCurveChart table={table} />,
      { api: {} },
    );
    expect(
      screen.getByRole('img', {
        name: 'Monthly cost in EUR: €450 with no users, €455 at 1 user, €470 at 10 users, €2,100 at 1,000 users, €380,000 at 1,000,000 users',
      }),
    ).toBeInTheDocument();
    expect(container.querySelector('.recharts-line')).not.toBeNull();
    // The image is one thing to assistive technology: nothing in it to tab to.
    expect(container.querySelector('svg')).not.toBeNull();
    expect(
      container.querySelectorAll('[tabindex]:not([tabindex="-1"])'),
    ).toHaveLength(0);
    expect(container.querySelector('[role="application"]')).toBeNull();
  });

  it('says what is missing when only the idle cost is known', async () => {
    await renderReadiness(
      <CostCurveChart
        table={{ ...table, tiers: [{ users: 0, monthlyCost: 450 }] }}
      />,
      { api: {} },
    );
    expect(screen.getByText(/Only the idle cost is known/)).toHaveTextContent(
      '€450 a month with no users',
    );
  });
});

function renderCostDialog(
  putCostTable: jest.Mock,
  current: StoredCostTable | null = null,
  initial?: CostTable,
) {
  return renderDialog(
    ({ onClose, onSaved, onConflict }) => (
      <CostTableDialog
        entityRef={ENTITY_REF}
        stored={current}
        initial={initial}
        onClose={onClose}
        onSaved={onSaved}
        onConflict={onConflict}
      />
    ),
    { putCostTable },
  );
}

const field = (dialog: HTMLElement, name: string | RegExp) =>
  within(dialog).getByRole('textbox', { name });

async function typeInto(
  dialog: HTMLElement,
  name: string | RegExp,
  text: string,
) {
  const input = field(dialog, name);
  await userEvent.clear(input);
  if (text) await userEvent.type(input, text);
}

describe('CostTableDialog', () => {
  it("starts from the seed's tiers, leaves out rows without a cost and sends version 0", async () => {
    const putCostTable = jest.fn().mockResolvedValue({ scorecard: undefined });
    const { dialog, onSaved } = await renderCostDialog(putCostTable);
    const users = within(dialog)
      .getAllByRole('textbox', { name: /^Users, row/ })
      .map(input => (input as HTMLInputElement).value);
    expect(users).toEqual(['0', '1', '10', '100', '500', '1000', '1000000']);
    await typeInto(dialog, 'Currency', 'gbp');
    await typeInto(dialog, 'Monthly cost, row 1', '300');
    await typeInto(dialog, 'Monthly cost, row 7', '1,250,000');
    await clickButton(dialog, 'Save cost table');
    expect(putCostTable).toHaveBeenCalledWith(ENTITY_REF, {
      currency: 'GBP',
      date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      tiers: [
        { users: 0, monthlyCost: 300 },
        { users: 1000000, monthlyCost: 1250000 },
      ],
      version: 0,
    });
    expect(onSaved).toHaveBeenCalled();
  });

  it('names the field that is wrong and saves nothing', async () => {
    const putCostTable = jest.fn();
    const { dialog } = await renderCostDialog(putCostTable, stored());
    await typeInto(dialog, 'Currency', 'EU');
    await typeInto(dialog, 'Monthly cost, row 2', '-5');
    await clickButton(dialog, 'Save cost table');
    expect(putCostTable).not.toHaveBeenCalled();
    expect(field(dialog, 'Currency')).toHaveAccessibleDescription(
      /must be an ISO 4217 currency code/,
    );
    expect(field(dialog, 'Monthly cost, row 2')).toHaveAccessibleDescription(
      'must not be negative',
    );
    // What was typed is kept.
    expect(field(dialog, 'Monthly cost, row 2')).toHaveValue('-5');
  });

  it('refuses a decimal comma and a fractional number of users, as the annotation does, rather than misreading them', async () => {
    const putCostTable = jest.fn();
    const { dialog } = await renderCostDialog(putCostTable, stored());
    // 0,45 is not 45, nor 1.000 one user.
    await typeInto(dialog, 'Monthly cost, row 2', '0,45');
    await typeInto(dialog, 'Users, row 3', '1.000');
    await clickButton(dialog, 'Save cost table');
    expect(putCostTable).not.toHaveBeenCalled();
    expect(field(dialog, 'Monthly cost, row 2')).toHaveAccessibleDescription(
      /Enter the cost as a number.*a comma groups thousands/,
    );
    expect(field(dialog, 'Users, row 3')).toHaveAccessibleDescription(
      'Enter a whole number of users, such as 1000 or 1,000',
    );
    expect(field(dialog, 'Monthly cost, row 2')).toHaveValue('0,45');
  });

  it('asks for the number of users of a cost typed on a row without one', async () => {
    const putCostTable = jest.fn();
    const { dialog } = await renderCostDialog(putCostTable, stored());
    await clickButton(dialog, 'Add a number of users');
    const rows = within(dialog).getAllByRole('textbox', {
      name: /^Monthly cost, row/,
    });
    await typeInto(dialog, `Monthly cost, row ${rows.length}`, '900');
    await clickButton(dialog, 'Save cost table');
    expect(putCostTable).not.toHaveBeenCalled();
    expect(
      field(dialog, `Users, row ${rows.length}`),
    ).toHaveAccessibleDescription('Enter the number of users this cost is for');
  });

  it('refuses the same number of users twice, on the row that repeats it', async () => {
    const putCostTable = jest.fn();
    const { dialog } = await renderCostDialog(putCostTable, stored());
    await typeInto(dialog, 'Users, row 3', '1');
    await clickButton(dialog, 'Save cost table');
    expect(putCostTable).not.toHaveBeenCalled();
    expect(field(dialog, 'Users, row 3')).toHaveAccessibleDescription(
      '1 users is listed twice',
    );
  });

  it('edits the stored table with its version; rows can be added and removed', async () => {
    const putCostTable = jest.fn().mockResolvedValue({ scorecard: undefined });
    const { dialog } = await renderCostDialog(putCostTable, stored());
    expect(field(dialog, 'Assumptions')).toHaveValue(table.assumptions);
    await clickButton(dialog, 'Remove row 3');
    await clickButton(dialog, 'Add a number of users');
    await typeInto(dialog, 'Users, row 5', '500');
    await typeInto(dialog, 'Monthly cost, row 5', '1300');
    await clickButton(dialog, 'Save cost table');
    expect(putCostTable).toHaveBeenCalledWith(ENTITY_REF, {
      currency: 'EUR',
      date: '2026-11-01',
      assumptions: table.assumptions,
      tiers: [
        { users: 0, monthlyCost: 450 },
        { users: 1, monthlyCost: 455 },
        { users: 500, monthlyCost: 1300 },
        { users: 1000, monthlyCost: 2100 },
        { users: 1000000, monthlyCost: 380000 },
      ],
      version: 2,
    });
  });

  it('on a 409 shows the newer table and applies the edit on top of it', async () => {
    const theirs = stored({
      currency: 'USD',
      version: 3,
      updatedBy: 'user:default/bob',
    });
    const putCostTable = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(theirs))
      .mockResolvedValueOnce({ scorecard: undefined });
    const { dialog, onSaved, onConflict } = await renderCostDialog(
      putCostTable,
      stored(),
    );
    await typeInto(dialog, 'Monthly cost, row 1', '500');
    await clickButton(dialog, 'Save cost table');
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(
      'Now 5 figures in USD as of 2026-11-01, saved by user:default/bob',
    );
    expect(onConflict).toHaveBeenCalled();
    await clickButton(dialog, 'Apply my table on top');
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(putCostTable).toHaveBeenLastCalledWith(
      ENTITY_REF,
      expect.objectContaining({
        version: 3,
        tiers: expect.arrayContaining([{ users: 0, monthlyCost: 500 }]),
      }),
    );
  });
});

describe('CostCurveCard', () => {
  const scorecard = scorecardOf(paymentsApi());

  it('shows the curve, cost per user and assumptions; only owners may edit', async () => {
    await renderReadiness(
      <CostCurveCard
        entityRef={ENTITY_REF}
        scorecard={{
          ...scorecard,
          costTable: { ...table, source: 'annotation' },
        }}
        canEdit={false}
        onChanged={jest.fn()}
      />,
      { api: {} },
    );
    expect(
      screen.getByText(/from the prodready.dev\/cost annotation/),
    ).toBeInTheDocument();
    expect(
      screen.getByText('€2.10 per user per month at 1,000 users.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Assumptions: managed PostgreSQL/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Edit the cost table' }),
    ).not.toBeInTheDocument();
  });

  it("opens the editor on the stored table's version and hands the new scorecard back", async () => {
    const getCostTable = jest.fn().mockResolvedValue({ costTable: stored() });
    const saved = {
      ...scorecard,
      costTable: { ...table, source: 'portal' as const },
    };
    const putCostTable = jest.fn().mockResolvedValue({ scorecard: saved });
    const onChanged = jest.fn();
    const { alerts } = await renderReadiness(
      <CostCurveCard
        entityRef={ENTITY_REF}
        scorecard={scorecard}
        canEdit
        onChanged={onChanged}
      />,
      { api: { getCostTable, putCostTable }, grants: OWNER },
    );
    expect(screen.getByText(/No cost table yet/)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Add cost table' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(getCostTable).toHaveBeenCalledWith(ENTITY_REF);
    await clickButton(dialog, 'Save cost table');
    expect(putCostTable).toHaveBeenCalledWith(
      ENTITY_REF,
      expect.objectContaining({ version: 2, currency: 'EUR' }),
    );
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(saved));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(alerts).toEqual([
      expect.objectContaining({
        message: 'Saved the portal cost table',
        severity: 'success',
      }),
    ]);
  });

  it('removes the portal table with the version shown in the confirmation', async () => {
    const getCostTable = jest.fn().mockResolvedValue({ costTable: stored() });
    const deleteCostTable = jest.fn().mockResolvedValue({ scorecard });
    const onChanged = jest.fn();
    const { alerts } = await renderReadiness(
      <CostCurveCard
        entityRef={ENTITY_REF}
        scorecard={{ ...scorecard, costTable: { ...table, source: 'portal' } }}
        canEdit
        onChanged={onChanged}
      />,
      { api: { getCostTable, deleteCostTable }, grants: OWNER },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Remove the portal cost table' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('saved by user:default/alice');
    await clickButton(dialog, 'Remove');
    expect(deleteCostTable).toHaveBeenCalledWith(ENTITY_REF, 2);
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(scorecard));
    expect(alerts).toEqual([
      expect.objectContaining({
        message: 'Removed the portal cost table',
        severity: 'success',
      }),
    ]);
  });

  it('after a 409 on Remove, asks about the table stored now and removes it at its version', async () => {
    const theirs = stored({ version: 3, updatedBy: 'user:default/bob' });
    const getCostTable = jest.fn().mockResolvedValue({ costTable: stored() });
    const deleteCostTable = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(theirs))
      .mockResolvedValue({ scorecard });
    const onChanged = jest.fn();
    const onStale = jest.fn();
    await renderReadiness(
      <CostCurveCard
        entityRef={ENTITY_REF}
        scorecard={{ ...scorecard, costTable: { ...table, source: 'portal' } }}
        canEdit
        onChanged={onChanged}
        onStale={onStale}
      />,
      { api: { getCostTable, deleteCostTable }, grants: OWNER },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Remove the portal cost table' }),
    );
    const dialog = await screen.findByRole('dialog');
    await clickButton(dialog, 'Remove');
    expect(await within(dialog).findByRole('alert')).toBeInTheDocument();
    // The page reloads, and the dialog names the newer table.
    expect(onStale).toHaveBeenCalled();
    expect(dialog).toHaveTextContent('saved by user:default/bob');

    await clickButton(dialog, 'Remove');
    expect(deleteCostTable).toHaveBeenLastCalledWith(ENTITY_REF, 3);
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(scorecard));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('closes the removal and reloads when someone else removed the table first', async () => {
    const getCostTable = jest.fn().mockResolvedValue({ costTable: stored() });
    const deleteCostTable = jest
      .fn()
      .mockRejectedValueOnce(await conflictError(null));
    const onStale = jest.fn();
    await renderReadiness(
      <CostCurveCard
        entityRef={ENTITY_REF}
        scorecard={{ ...scorecard, costTable: { ...table, source: 'portal' } }}
        canEdit
        onChanged={jest.fn()}
        onStale={onStale}
      />,
      { api: { getCostTable, deleteCostTable }, grants: OWNER },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Remove the portal cost table' }),
    );
    await clickButton(await screen.findByRole('dialog'), 'Remove');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(onStale).toHaveBeenCalled();
    expect(deleteCostTable).toHaveBeenCalledTimes(1);
  });

  it('offers no removal when the table comes from the annotation', async () => {
    await renderReadiness(
      <CostCurveCard
        entityRef={ENTITY_REF}
        scorecard={{
          ...scorecard,
          costTable: { ...table, source: 'annotation' },
        }}
        canEdit
        onChanged={jest.fn()}
      />,
      { api: {}, grants: OWNER },
    );
    expect(
      screen.getByRole('button', { name: 'Edit the cost table' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Remove the portal cost table' }),
    ).not.toBeInTheDocument();
  });
});
