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
    getCampaign: jest.fn(async () => ({ campaign, history: [] })),
    listCampaignGroups: jest.fn(async () => ({ items: [], totalCount: 0 })),
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

  it('reads the teams a level and fifty at a time, each button naming its team', async () => {
    // One top-level team with 120 sub-teams, the first with 3 of its own.
    const team = (name: string, parent?: string, children = 0) => ({
      groupRef: `group:default/${name}`,
      ...(parent ? { parent: `group:default/${parent}` } : {}),
      total: 10,
      done: 4,
      overdue: 0,
      children,
    });
    const levels: Record<string, ReturnType<typeof team>[]> = {
      '': [team('org', undefined, 120)],
      'group:default/org': Array.from({ length: 120 }, (_, i) => {
        const name = `team-${String(i).padStart(3, '0')}`;
        return team(name, 'org', i === 0 ? 3 : 0);
      }),
      'group:default/team-000': ['x', 'y', 'z'].map(n => team(n, 'team-000')),
    };
    const listCampaignGroups = jest.fn(
      async (
        _id: string,
        query: { parent?: string; limit?: number; offset?: number } = {},
      ) => {
        const all = levels[query.parent ?? ''];
        const offset = query.offset ?? 0;
        return {
          items: all.slice(offset, offset + (query.limit ?? 50)),
          totalCount: all.length,
        };
      },
    );
    await renderReadiness(<CampaignDetail model={model} id="c-big" />, {
      api: { ...bigCampaignApi(), listCampaignGroups },
    });
    const table = await screen.findByRole('table', {
      name: 'Progress of Backups everywhere by team',
    });
    expectNamedColumns(table);
    // The links by their text (role queries over 120 rows are slow).
    const teams = () =>
      Array.from(table.querySelectorAll('a'), link => link.textContent);
    // The only top-level team opens by itself, on the first page of its teams.
    await waitFor(() => expect(teams()).toHaveLength(1 + 50));
    expect(teams()[1]).toBe('team-000');
    expect(
      within(table).getByRole('button', {
        name: 'Missing of group:default/team-001',
      }),
    ).toBeInTheDocument();
    expect(listCampaignGroups.mock.calls.map(([, query]) => query)).toEqual([
      { limit: 50, offset: 0 },
      { parent: 'group:default/org', limit: 50, offset: 0 },
    ]);

    await userEvent.click(
      within(table).getByRole('button', {
        name: 'Expand group:default/team-000 (3 sub-teams)',
      }),
    );
    await waitFor(() => expect(teams()).toHaveLength(1 + 50 + 3));
    expect(teams().slice(1, 5)).toEqual(['team-000', 'x', 'y', 'z']);

    await userEvent.click(
      within(table).getByRole('button', {
        name: 'Show 50 more of 120 teams of group:default/org',
      }),
    );
    await waitFor(() => expect(teams()).toHaveLength(1 + 100 + 3));
    // The keyboard is on the first team of the new page, and a screen
    // reader hears what the level shows now.
    await waitFor(() =>
      expect(document.activeElement?.textContent).toBe('team-050'),
    );
    expect(
      screen.getByText('100 of 120 teams shown under group:default/org'),
    ).toHaveAttribute('role', 'status');
    expect(
      within(table).getAllByText(', under group:default/team-000'),
    ).toHaveLength(3);
    await userEvent.click(
      within(table).getByRole('button', {
        name: 'Show 20 more of 120 teams of group:default/org',
      }),
    );
    await waitFor(() => expect(teams()).toHaveLength(1 + 120 + 3));
    expect(
      within(table).queryByRole('button', { name: /^Show \d+ more/ }),
    ).toBeNull();

    await userEvent.click(
      within(table).getByRole('button', {
        name: 'Collapse group:default/team-000 (3 sub-teams)',
      }),
    );
    expect(teams()).toHaveLength(1 + 120);
    expect(listCampaignGroups).toHaveBeenCalledTimes(5);
  });

  it('says when a level of teams could not be read, and reads it again on asking', async () => {
    let fail = true;
    const listCampaignGroups = jest.fn(async () => {
      if (fail) throw new Error('the database is away');
      return {
        items: [
          {
            groupRef: 'group:default/platform',
            total: 2,
            done: 1,
            overdue: 0,
            children: 0,
          },
        ],
        totalCount: 1,
      };
    });
    await renderReadiness(<CampaignDetail model={model} id="c-big" />, {
      api: { ...bigCampaignApi(), listCampaignGroups },
    });
    const table = await screen.findByRole('table', {
      name: 'Progress of Backups everywhere by team',
    });
    expect(
      await within(table).findByText(
        'The teams could not be loaded: the database is away',
      ),
    ).toBeInTheDocument();
    fail = false;
    await userEvent.click(
      within(table).getByRole('button', { name: 'Try again' }),
    );
    expect(
      await within(table).findByRole('link', { name: 'platform' }),
    ).toBeInTheDocument();
  });
});
