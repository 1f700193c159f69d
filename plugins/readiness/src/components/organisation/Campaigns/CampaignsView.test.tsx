import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CampaignDetailResponse,
  CampaignSummary,
} from '@prodready/plugin-readiness-common';
import {
  conflictError,
  Grants,
  renderReadiness,
} from '../../../__testUtils__/render';
import { daysFromNow, model } from '../../../__testUtils__/scorecards';
import { CampaignsView } from './CampaignsView';
import { expectNamedColumns } from '../../../__testUtils__/tables';

const MANAGER = { 'readiness.campaign.manage': true } as Grants;

const running: CampaignSummary = {
  id: 'c-1',
  title: 'Silver for payments',
  filter: { owners: ['group:default/payments'] },
  target: { level: 'silver' },
  startDate: daysFromNow(-30).slice(0, 10),
  deadline: daysFromNow(30).slice(0, 10),
  source: 'portal',
  version: 3,
  progress: { total: 4, done: 1, overdue: 0 },
  overdue: false,
};
const fromConfig: CampaignSummary = {
  ...running,
  id: 'restore-tests',
  title: 'Restore tests everywhere',
  target: { checks: ['recoverability.restore-test'] },
  deadline: daysFromNow(-5).slice(0, 10),
  source: 'config',
  version: 0,
  progress: { total: 3, done: 1, overdue: 2 },
  overdue: true,
};

const detail: CampaignDetailResponse = {
  campaign: running,
  history: [
    { day: '2026-11-01', total: 4, done: 0 },
    { day: '2026-11-30', total: 4, done: 1 },
  ],
};

function campaignApi() {
  return {
    getModel: jest.fn(async () => model),
    listCampaigns: jest.fn(async () => ({ items: [fromConfig, running] })),
    getCampaign: jest.fn(async () => detail),
    // Engineering at the top, with payments below it.
    listCampaignGroups: jest.fn(
      async (_id: string, query: { parent?: string } = {}) => ({
        items: query.parent
          ? [
              {
                groupRef: 'group:default/payments',
                parent: 'group:default/engineering',
                total: 3,
                done: 1,
                overdue: 0,
                children: 0,
              },
            ]
          : [
              {
                groupRef: 'group:default/engineering',
                total: 4,
                done: 1,
                overdue: 0,
                children: 1,
              },
            ],
        totalCount: 1,
      }),
    ),
    listCampaignEntities: jest.fn(async () => ({
      items: [
        {
          campaignId: 'c-1',
          entityRef: 'component:default/payments-api',
          title: 'Payments API',
          owner: 'group:default/payments',
          status: 'not-done' as const,
          missing: ['recoverability.restore-test'],
          level: 'bronze',
        },
      ],
      totalCount: 1,
    })),
    createCampaign: jest.fn(async () => ({ campaign: running })),
    updateCampaign: jest.fn(),
    deleteCampaign: jest.fn(async () => undefined),
  };
}

/** The list as a campaign manager sees it, with the New campaign dialog open. */
async function openNewCampaign() {
  const api = campaignApi();
  await renderReadiness(<CampaignsView model={model} />, {
    api,
    grants: MANAGER,
  });
  await userEvent.click(
    await screen.findByRole('button', { name: 'New campaign' }),
  );
  const dialog = await screen.findByRole('dialog', { name: 'New campaign' });
  return { api, dialog };
}

describe('CampaignsView', () => {
  describe("while a campaign's progress is being computed", () => {
    beforeEach(() => jest.useFakeTimers());
    afterEach(() => jest.useRealTimers());

    const computing = {
      ...running,
      progress: { total: 0, done: 0, overdue: 0, pending: true },
    };
    /** Lets the timers run for `ms`, and what they start settle. */
    const wait = (ms: number) =>
      act(async () => {
        await jest.advanceTimersByTimeAsync(ms);
      });

    it('reads the list again, less and less often, until the progress is there', async () => {
      const api = campaignApi();
      api.listCampaigns
        .mockResolvedValueOnce({ items: [computing] })
        .mockResolvedValueOnce({ items: [computing] })
        .mockResolvedValue({ items: [running] });
      api.getCampaign.mockResolvedValueOnce({ ...detail, campaign: computing });
      await renderReadiness(<CampaignsView model={model} />, { api });
      const table = await screen.findByRole('table', { name: 'Campaigns' });
      expect(
        within(table).getByRole('progressbar', {
          name: 'Silver for payments: computing progress',
        }),
      ).toBeInTheDocument();
      expect(
        await screen.findByText(/Computing progress… The burn-up/),
      ).toBeInTheDocument();

      await wait(3000);
      expect(api.listCampaigns).toHaveBeenCalledTimes(2);
      // The next read waits twice as long.
      await wait(3000);
      expect(api.listCampaigns).toHaveBeenCalledTimes(2);
      await wait(3000);
      expect(api.listCampaigns).toHaveBeenCalledTimes(3);
      expect(
        within(table).getByLabelText('Silver for payments: 1 of 4 done'),
      ).toBeInTheDocument();
      // The detail is read again with the computed progress; no more reads.
      await waitFor(() => expect(api.getCampaign).toHaveBeenCalledTimes(2));
      await wait(120_000);
      expect(api.listCampaigns).toHaveBeenCalledTimes(3);
    });

    it('keeps the list on screen when a read fails, and reads again', async () => {
      const api = campaignApi();
      api.listCampaigns
        .mockResolvedValueOnce({ items: [computing] })
        .mockRejectedValueOnce(new Error('Bad gateway'))
        .mockResolvedValue({ items: [running] });
      await renderReadiness(<CampaignsView model={model} />, { api });
      await screen.findByRole('table', { name: 'Campaigns' });

      await wait(3000);
      expect(api.listCampaigns).toHaveBeenCalledTimes(2);
      expect(document.body).toHaveTextContent('Bad gateway');
      expect(
        within(screen.getByRole('table', { name: 'Campaigns' })).getByRole(
          'progressbar',
          {
            name: 'Silver for payments: computing progress',
          },
        ),
      ).toBeInTheDocument();

      await wait(6000);
      expect(
        within(screen.getByRole('table', { name: 'Campaigns' })).getByLabelText(
          'Silver for payments: 1 of 4 done',
        ),
      ).toBeInTheDocument();
    });
  });

  it('lists campaigns with progress and deadline, and drills into one', async () => {
    const api = campaignApi();
    await renderReadiness(<CampaignsView model={model} />, { api });
    const table = await screen.findByRole('table', { name: 'Campaigns' });
    expectNamedColumns(table);
    expect(
      within(table).getByLabelText('Silver for payments: 1 of 4 done'),
    ).toBeInTheDocument();
    expect(within(table).getByText(/30 days left/)).toBeInTheDocument();
    expect(within(table).getByText(/Overdue since/)).toBeInTheDocument();
    expect(within(table).getByText('app-config')).toBeInTheDocument();
    expect(within(table).getByText('Level Silver')).toBeInTheDocument();
    // Readers get no write controls.
    expect(screen.queryByRole('button', { name: 'New campaign' })).toBeNull();
    expect(within(table).queryByRole('button', { name: /^Edit/ })).toBeNull();

    await userEvent.click(
      within(table).getByRole('button', { name: 'Silver for payments' }),
    );
    await waitFor(() => expect(api.getCampaign).toHaveBeenCalledWith('c-1'));
    const teams = await screen.findByRole('table', {
      name: 'Progress of Silver for payments by team',
    });
    // The only top-level team opens by itself.
    await waitFor(() =>
      expect(within(teams).getAllByRole('row')).toHaveLength(3),
    );
    expect(
      screen.getByRole('img', { name: /Burn-up of Silver for payments/ }),
    ).toBeInTheDocument();
    const missing = await screen.findByRole('table', {
      name: 'Entities missing from Silver for payments',
    });
    expect(
      within(missing).getByRole('link', { name: 'Payments API' }),
    ).toBeInTheDocument();
    expect(within(missing).getByText(/Restore/)).toBeInTheDocument();

    // A team's missing entities only.
    await userEvent.click(
      within(teams).getByRole('button', {
        name: 'Missing of group:default/payments',
      }),
    );
    await waitFor(() =>
      expect(api.listCampaignEntities).toHaveBeenLastCalledWith('c-1', {
        status: 'not-done',
        owner: 'group:default/payments',
        limit: 25,
        offset: 0,
      }),
    );
    expect(
      screen.getByRole('button', {
        name: 'Export CSV (the entities missing from Silver for payments)',
      }),
    ).toBeEnabled();
  });

  it('deletes a portal campaign and keeps the focus in the list, not at the top of the page', async () => {
    const api = campaignApi();
    api.listCampaigns
      .mockResolvedValueOnce({ items: [fromConfig, running] })
      .mockResolvedValue({ items: [fromConfig] });
    const { alerts } = await renderReadiness(<CampaignsView model={model} />, {
      api,
      grants: MANAGER,
    });
    const table = await screen.findByRole('table', { name: 'Campaigns' });
    await userEvent.click(
      within(table).getByRole('button', { name: 'Delete Silver for payments' }),
    );
    await userEvent.click(
      within(screen.getByRole('dialog')).getByRole('button', {
        name: 'Delete',
      }),
    );
    expect(api.deleteCampaign).toHaveBeenCalledWith('c-1', 3);
    await waitFor(() =>
      expect(alerts).toEqual([
        expect.objectContaining({
          message: 'Deleted Silver for payments',
          severity: 'success',
        }),
      ]),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Delete Silver for payments' }),
      ).toBeNull(),
    );
    // The list's card holds the focus.
    const card = (
      await screen.findByRole('table', { name: 'Campaigns' })
    ).closest('[class*="MuiCard-root"]')!;
    await waitFor(() =>
      expect(card).toContainElement(document.activeElement as HTMLElement),
    );
  });

  it('lets a campaign manager create a campaign and keeps app-config ones read-only', async () => {
    const api = campaignApi();
    const { alerts } = await renderReadiness(<CampaignsView model={model} />, {
      api,
      grants: MANAGER,
    });
    const table = await screen.findByRole('table', { name: 'Campaigns' });
    // One Edit: the portal campaign's; the app-config one has none.
    // Each named with its campaign, not a list of "Edit, Delete, Edit".
    expect(
      within(table)
        .getAllByRole('button', { name: /^(Edit|Delete)/ })
        .map(button => button.getAttribute('aria-label')),
    ).toEqual(['Edit Silver for payments', 'Delete Silver for payments']);

    await userEvent.click(screen.getByRole('button', { name: 'New campaign' }));
    const dialog = await screen.findByRole('dialog', { name: 'New campaign' });
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create campaign' }),
    );
    expect(within(dialog).getByRole('alert')).toHaveTextContent(
      'Give the campaign a title.',
    );
    await userEvent.type(within(dialog).getByLabelText(/Title/), 'Gold now');
    await userEvent.type(
      within(dialog).getByLabelText(/Deadline/),
      '2027-03-31',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Owners/),
      'group:default/payments, group:default/search',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create campaign' }),
    );
    await waitFor(() =>
      expect(api.createCampaign).toHaveBeenCalledWith({
        title: 'Gold now',
        filter: {
          owners: ['group:default/payments', 'group:default/search'],
        },
        target: { level: model.levels[0].id },
        deadline: '2027-03-31',
        version: 0,
      }),
    );
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(api.listCampaigns).toHaveBeenCalledTimes(2);
    expect(alerts.map(alert => alert.message)).toEqual([
      'Created the campaign',
    ]);
  });

  it('shows what the server would refuse on the field it is about, and sends nothing', async () => {
    const { api, dialog } = await openNewCampaign();
    await userEvent.type(within(dialog).getByLabelText(/Title/), 'Gold now');
    await userEvent.type(within(dialog).getByLabelText(/Starts/), '2027-04-01');
    await userEvent.type(
      within(dialog).getByLabelText(/Deadline/),
      '2027-03-31',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/Owners/),
      'group:default/payments, payments team',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create campaign' }),
    );
    expect(within(dialog).getByLabelText(/Owners/)).toHaveAccessibleDescription(
      /payments team/,
    );
    expect(within(dialog).getByLabelText(/Owners/)).toBeInvalid();
    expect(within(dialog).getByLabelText(/Title/)).toBeValid();

    // Owners put right, the start after the deadline is next.
    await userEvent.clear(within(dialog).getByLabelText(/Owners/));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create campaign' }),
    );
    expect(within(dialog).getByLabelText(/Owners/)).toBeValid();
    expect(within(dialog).getByLabelText(/Starts/)).toBeInvalid();
    expect(api.createCampaign).not.toHaveBeenCalled();
  });

  it('refuses a deadline before the start an empty start date stands for: today', async () => {
    const { api, dialog } = await openNewCampaign();
    await userEvent.type(within(dialog).getByLabelText(/Title/), 'Too late');
    await userEvent.type(
      within(dialog).getByLabelText(/Deadline/),
      '2001-01-01',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Create campaign' }),
    );
    expect(within(dialog).getByLabelText(/Deadline/)).toBeInvalid();
    expect(
      within(dialog).getByLabelText(/Deadline/),
    ).toHaveAccessibleDescription(/must not be before the start date/);
    expect(api.createCampaign).not.toHaveBeenCalled();
  });

  it('shows what is stored now when an edit meets a newer version', async () => {
    const api = campaignApi();
    api.updateCampaign.mockRejectedValueOnce(
      await conflictError({ ...running, title: 'Renamed', version: 4 }),
    );
    await renderReadiness(<CampaignsView model={model} />, {
      api,
      grants: MANAGER,
    });
    const table = await screen.findByRole('table', { name: 'Campaigns' });
    await userEvent.click(
      within(table).getByRole('button', { name: 'Edit Silver for payments' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(/It is now "Renamed"/),
    ).toBeInTheDocument();
    expect(api.updateCampaign).toHaveBeenCalledWith(
      'c-1',
      expect.objectContaining({ version: 3 }),
    );
  });
});
