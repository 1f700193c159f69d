import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  CampaignEntityProgress,
  CampaignSummary,
} from '@prodready/plugin-readiness-common';
import { captureDownloads } from '../../../__testUtils__/downloads';
import { renderReadiness } from '../../../__testUtils__/render';
import { daysFromNow, model } from '../../../__testUtils__/scorecards';
import { CampaignDetail } from './CampaignDetail';
import { listAllCampaignEntities } from './campaignEntities';
import { expectNamedColumns } from '../../../__testUtils__/tables';

const campaign: CampaignSummary = {
  id: 'c-big',
  title: 'Backups everywhere',
  filter: {},
  target: { checks: ['recoverability.backups'] },
  startDate: daysFromNow(-30).slice(0, 10),
  deadline: daysFromNow(30).slice(0, 10),
  source: 'portal',
  version: 1,
  progress: { total: 9000, done: 2000, overdue: 0 },
  overdue: false,
};

const NOT_DONE = 7000;
const entity = (i: number): CampaignEntityProgress => ({
  campaignId: campaign.id,
  entityRef: `component:default/service-${String(i).padStart(4, '0')}`,
  title: `Service ${i}`,
  owner: 'group:default/platform',
  status: 'not-done',
  missing: ['recoverability.backups'],
  level: null,
});

/** A server with 7,000 entities not done, answering by offset and limit (at most 5,000). */
function bigCampaignApi() {
  return {
    getCampaign: jest.fn(async () => ({ campaign, groups: [], history: [] })),
    listCampaignEntities: jest.fn(
      async (_id: string, query: { limit?: number; offset?: number } = {}) => {
        const offset = query.offset ?? 0;
        const limit = Math.min(query.limit ?? 100, 5000);
        const end = Math.min(offset + limit, NOT_DONE);
        const items: CampaignEntityProgress[] = [];
        for (let i = offset; i < end; i++) items.push(entity(i));
        return { items, totalCount: NOT_DONE };
      },
    ),
  };
}

describe('CampaignDetail', () => {
  afterEach(() => jest.restoreAllMocks());

  it('pages the entities still missing from the server and exports every one as CSV', async () => {
    const api = bigCampaignApi();
    await renderReadiness(<CampaignDetail model={model} id="c-big" />, {
      api,
    });
    const table = await screen.findByRole('table', {
      name: 'Entities missing from Backups everywhere',
    });
    await waitFor(() =>
      expect(within(table).getByText('Service 0')).toBeInTheDocument(),
    );
    expect(screen.getByText(/Still missing: 7000/)).toBeInTheDocument();
    // A page, not everything the server would give at once.
    expect(api.listCampaignEntities).toHaveBeenCalledTimes(1);
    expect(api.listCampaignEntities).toHaveBeenCalledWith('c-big', {
      status: 'not-done',
      owner: undefined,
      limit: 25,
      offset: 0,
    });
    expect(within(table).getAllByRole('row')).toHaveLength(26);
    expect(screen.getByText('1-25 of 7000')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() =>
      expect(within(table).getByText('Service 25')).toBeInTheDocument(),
    );
    expect(api.listCampaignEntities).toHaveBeenLastCalledWith('c-big', {
      status: 'not-done',
      owner: undefined,
      limit: 25,
      offset: 25,
    });

    const downloads = captureDownloads();
    api.listCampaignEntities.mockClear();
    // The second page waits until released, to see the button while it builds.
    let release = () => {};
    const held = new Promise<void>(resolve => {
      release = resolve;
    });
    const serve = api.listCampaignEntities.getMockImplementation()!;
    api.listCampaignEntities.mockImplementation(async (id, query) => {
      if (query?.offset) await held;
      return serve(id, query);
    });
    const exportButton = screen.getByRole('button', {
      name: 'Export CSV (the entities missing from Backups everywhere)',
    });
    await userEvent.click(exportButton);
    await waitFor(() =>
      expect(exportButton).toHaveTextContent('Exporting… 5000 of 7000'),
    );
    // Its name says what it shows, as it goes.
    expect(exportButton).toHaveAccessibleName(
      'Exporting… 5000 of 7000 (the entities missing from Backups everywhere)',
    );
    expect(exportButton).toBeDisabled();
    expect(downloads.filename).toBe('');
    release();
    await waitFor(() =>
      expect(downloads.filename).toBe('campaign-c-big-missing.csv'),
    );
    expect(api.listCampaignEntities.mock.calls).toEqual([
      ['c-big', { status: 'not-done', limit: 5000, offset: 0 }],
      ['c-big', { status: 'not-done', limit: 5000, offset: 5000 }],
    ]);
    const lines = (await downloads.blobs[0].text())
      .split('\r\n')
      .filter(Boolean);
    expect(lines).toHaveLength(1 + NOT_DONE);
    expect(lines[0]).toBe('entityRef,title,owner,status,level,missing');
    expect(lines[NOT_DONE]).toMatch(/^component:default\/service-6999,/);
    await waitFor(() => expect(exportButton).toBeEnabled());
  });

  it('reads the pages in turn, says how far it has got, and asks once when there is nothing', async () => {
    const api = bigCampaignApi();
    const progress: [number, number][] = [];
    const all = await listAllCampaignEntities(
      api,
      'c-big',
      { status: 'not-done', owner: 'group:default/platform' },
      (read, total) => progress.push([read, total]),
    );
    expect(all).toHaveLength(NOT_DONE);
    expect(progress).toEqual([
      [5000, 7000],
      [7000, 7000],
    ]);
    expect(api.listCampaignEntities).toHaveBeenCalledWith('c-big', {
      status: 'not-done',
      owner: 'group:default/platform',
      limit: 5000,
      offset: 5000,
    });

    const empty = {
      listCampaignEntities: jest.fn(async () => ({ items: [], totalCount: 0 })),
    };
    expect(await listAllCampaignEntities(empty, 'c-big', {})).toEqual([]);
    expect(empty.listCampaignEntities).toHaveBeenCalledTimes(1);
  });

  it('shows the teams fifty at a time, in tree order, each button naming its team', async () => {
    const groups = Array.from({ length: 120 }, (_, i) => ({
      groupRef: `group:default/team-${String(i).padStart(3, '0')}`,
      parent: i === 0 ? undefined : 'group:default/team-000',
      total: 10,
      done: 4,
      overdue: 0,
    }));
    await renderReadiness(<CampaignDetail model={model} id="c-big" />, {
      api: {
        ...bigCampaignApi(),
        getCampaign: jest.fn(async () => ({ campaign, groups, history: [] })),
      },
    });
    const table = await screen.findByRole('table', {
      name: 'Progress of Backups everywhere by team',
    });
    expectNamedColumns(table);
    const rows = () => within(table).getAllByRole('row').length - 1;
    expect(rows()).toBe(50 + 1);
    expect(
      within(table).getByRole('button', {
        name: 'Missing of group:default/team-001',
      }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(table).getByRole('button', { name: 'Show 50 more of 120 teams' }),
    );
    expect(rows()).toBe(100 + 1);
    await userEvent.click(
      within(table).getByRole('button', { name: 'Show 20 more of 120 teams' }),
    );
    expect(rows()).toBe(120);
  });
});
