import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Grid from '@material-ui/core/Grid';
import { renderReadiness } from '../../../__testUtils__/render';
import { daysFromNow, model } from '../../../__testUtils__/scorecards';
import { EntityCampaigns } from './EntityCampaigns';

const campaign = {
  id: 'c-1',
  title: 'Restore tests everywhere',
  filter: {},
  target: { checks: ['recoverability.restore-test', 'recoverability.backups'] },
  startDate: '2026-11-01',
  deadline: daysFromNow(-1).slice(0, 10),
  source: 'portal' as const,
  version: 1,
  progress: { total: 3, done: 1, overdue: 2 },
  overdue: true,
};

const api = {
  getEntityCampaigns: jest.fn(async () => ({
    items: [
      {
        campaign,
        entity: {
          campaignId: 'c-1',
          entityRef: 'component:default/payments-api',
          status: 'overdue' as const,
          missing: ['recoverability.restore-test'],
        },
      },
    ],
  })),
};

describe('EntityCampaigns', () => {
  it('lists the campaigns of the entity and opens a check it still needs', async () => {
    const onShowCheck = jest.fn();
    await renderReadiness(
      <Grid container>
        <EntityCampaigns
          entityRef="component:default/payments-api"
          model={model}
          revision={0}
          onShowCheck={onShowCheck}
        />
      </Grid>,
      { api },
    );
    const list = await screen.findByRole('list', {
      name: 'Campaigns of this entity',
    });
    expect(
      within(list).getByText('Restore tests everywhere'),
    ).toBeInTheDocument();
    expect(within(list).getByText('Overdue')).toBeInTheDocument();
    const title = model.checks.find(
      c => c.id === 'recoverability.restore-test',
    )!.title;
    await userEvent.click(within(list).getByRole('link', { name: title }));
    expect(onShowCheck).toHaveBeenCalledWith('recoverability.restore-test');
    expect(screen.getByRole('link', { name: /All campaigns/ })).toHaveAttribute(
      'href',
      '/readiness/campaigns',
    );
  });

  it('lists them without a link to the organisation page when the app has none', async () => {
    await renderReadiness(
      <EntityCampaigns
        entityRef="component:default/payments-api"
        model={model}
        revision={0}
        onShowCheck={jest.fn()}
      />,
      { api, organisationPage: false },
    );
    const list = await screen.findByRole('list', {
      name: 'Campaigns of this entity',
    });
    expect(
      within(list).getByText('Restore tests everywhere'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: /All campaigns/ })).toBeNull();
  });

  it('shows nothing for an entity in no campaign', async () => {
    const none = { getEntityCampaigns: jest.fn(async () => ({ items: [] })) };
    await renderReadiness(
      <EntityCampaigns
        entityRef="component:default/payments-api"
        model={model}
        revision={0}
        onShowCheck={jest.fn()}
      />,
      { api: none },
    );
    expect(none.getEntityCampaigns).toHaveBeenCalled();
    expect(screen.queryByText('Campaigns')).toBeNull();
  });
});
