import { screen, within } from '@testing-library/react';
import {
  ScorecardListResponse,
  toRollupMember,
} from '@prodready/plugin-readiness-common';
import { ScorecardListQuery } from '../../../api/ReadinessApi';
import { paymentsApiInBackups } from '../../../__testUtils__/campaigns';
import { renderReadiness, responseError } from '../../../__testUtils__/render';
import {
  daysFromNow,
  model,
  paymentsApi,
  scorecardOf,
} from '../../../__testUtils__/scorecards';
import { MyReadinessContent } from './MyReadinessContent';

// The access review expires 90 days after it is answered, the load test
// after 365: answered 80 days ago they expire in 10 days and in 285.
const scorecard = scorecardOf(
  paymentsApi({
    'prodready.dev/check.security.access-review': `met; date=${daysFromNow(
      -80,
    )}`,
    'prodready.dev/check.scalability.load-test': `met; date=${daysFromNow(
      -80,
    )}`,
  }),
);
const summary = {
  ...toRollupMember(scorecard),
  title: 'Payments API',
  computedAt: scorecard.computedAt,
};
/** The listing's answer to the card's question for answers to renew. */
const toRenew = {
  ...summary,
  nextExpiry: scorecard.checks.find(
    c => c.checkId === 'security.access-review',
  )!.expiresAt,
};
type Query = ScorecardListQuery;
/** A listing that answers the card's two questions: lowest scores, soonest expiries. */
const listing =
  (lowest: ScorecardListResponse, expiring: ScorecardListResponse) =>
  async (query: Query) =>
    query.sort === 'nextExpiry' ? expiring : lowest;

describe('MyReadinessContent', () => {
  it("lists the user's entities and the answers expiring within 30 days", async () => {
    const listScorecards = jest.fn(
      listing(
        { items: [summary], totalCount: 12 },
        { items: [toRenew], totalCount: 1 },
      ),
    );
    const getEntitiesCampaigns = jest.fn(async (refs: string[]) => ({
      items: refs.map(entityRef => ({
        entityRef,
        campaigns: [paymentsApiInBackups],
      })),
    }));
    await renderReadiness(<MyReadinessContent />, {
      api: {
        getModel: async () => model,
        listScorecards,
        getScorecard: async () => ({ scorecard, stale: false }),
        getEntitiesCampaigns,
      },
      ownershipEntityRefs: [
        'user:default/alice',
        'group:default/payments-team',
      ],
    });
    const mine = await screen.findByRole('list', { name: 'Your entities' });
    // The campaigns of every entity listed, in one request.
    expect(getEntitiesCampaigns).toHaveBeenCalledTimes(1);
    expect(getEntitiesCampaigns).toHaveBeenCalledWith([summary.entityRef]);
    expect(listScorecards).toHaveBeenCalledWith(
      expect.objectContaining({
        owner: ['user:default/alice', 'group:default/payments-team'],
        sort: 'score',
        order: 'asc',
      }),
    );
    // Answers to renew are asked of all the user's entities, by the day
    // 30 days ahead.
    expect(listScorecards).toHaveBeenCalledWith(
      expect.objectContaining({
        owner: ['user:default/alice', 'group:default/payments-team'],
        sort: 'nextExpiry',
        order: 'asc',
        expiringBy: daysFromNow(30),
      }),
    );
    expect(
      within(mine).getByRole('link', { name: 'Payments API' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/readiness',
    );
    expect(
      within(mine).getByText(/No level · \d+(\.\d)?%/),
    ).toBeInTheDocument();
    expect(screen.getByText(/and 11 more/)).toBeInTheDocument();

    const expiring = screen.getByRole('list', { name: 'Expiring answers' });
    const link = within(expiring).getByRole('link', {
      name: 'Access reviewed and revalidated',
    });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/component/payments-api/readiness?check=security.access-review',
    );
    expect(
      within(expiring).getByText(/expires in 10 days/),
    ).toBeInTheDocument();
    expect(
      within(expiring).queryByText('Realistic load test run'),
    ).not.toBeInTheDocument();

    const open = screen.getByRole('list', { name: 'Open campaigns' });
    expect(
      within(open).getByRole('link', { name: 'Backups everywhere' }),
    ).toHaveAttribute('href', '/readiness/campaigns');
    expect(
      within(open).getByText('1 of these not done · deadline 31 Jan 2027'),
    ).toBeInTheDocument();
  });

  it('says so when the user owns nothing scored', async () => {
    await renderReadiness(<MyReadinessContent />, {
      api: {
        getModel: async () => model,
        listScorecards: async () => ({ items: [], totalCount: 0 }),
      },
    });
    expect(
      await screen.findByText(/Nothing you or your teams own/),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('link', { name: 'organisation readiness' }),
    ).toHaveAttribute('href', '/readiness');
  });

  it('shows the entities without links to the organisation page when the app has none', async () => {
    await renderReadiness(<MyReadinessContent />, {
      api: {
        getModel: async () => model,
        listScorecards: async () => ({ items: [summary], totalCount: 3 }),
        getScorecard: async () => ({ scorecard, stale: false }),
        getEntitiesCampaigns: async (refs: string[]) => ({
          items: refs.map(entityRef => ({ entityRef, campaigns: [] })),
        }),
      },
      organisationPage: false,
    });
    const mine = await screen.findByRole('list', { name: 'Your entities' });
    expect(
      within(mine).getByRole('link', { name: 'Payments API' }),
    ).toBeInTheDocument();
    expect(screen.getByText(/and 2 more/)).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'organisation page' }),
    ).toBeNull();
  });

  it('lists the answers to renew of entities the lowest scores leave out, and counts the rest', async () => {
    const listed = Array.from({ length: 8 }, (_, i) => ({
      ...summary,
      entityRef: `component:default/low-${i}`,
      title: `Low ${i}`,
    }));
    const getScorecard = jest.fn(async () => ({ scorecard, stale: false }));
    await renderReadiness(<MyReadinessContent />, {
      api: {
        getModel: async () => model,
        listScorecards: listing(
          { items: listed, totalCount: 9 },
          { items: [toRenew], totalCount: 3 },
        ),
        getScorecard,
        getEntitiesCampaigns: async (refs: string[]) => ({
          items: refs.map(entityRef => ({ entityRef, campaigns: [] })),
        }),
      },
    });
    await screen.findByRole('list', { name: 'Your entities' });
    expect(screen.getByText(/and 1 more/)).toBeInTheDocument();
    const expiring = screen.getByRole('list', { name: 'Expiring answers' });
    expect(
      within(expiring).getByRole('link', {
        name: 'Access reviewed and revalidated',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('and answers of 2 more of your entities'),
    ).toBeInTheDocument();
    // Only the entity with answers to renew is read in full.
    expect(getScorecard.mock.calls).toEqual([[summary.entityRef]]);
  });

  it("says so when no answer of the user's entities expires soon", async () => {
    await renderReadiness(<MyReadinessContent />, {
      api: {
        getModel: async () => model,
        listScorecards: listing(
          { items: [summary], totalCount: 1 },
          { items: [], totalCount: 0 },
        ),
        getEntitiesCampaigns: async (refs: string[]) => ({
          items: refs.map(entityRef => ({ entityRef, campaigns: [] })),
        }),
      },
    });
    expect(
      await screen.findByText(
        'No answer of your entities expires within 30 days.',
      ),
    ).toBeInTheDocument();
  });

  it('leaves out an entity that left the catalog since the last full run, and shows the rest', async () => {
    const gone = {
      ...summary,
      entityRef: 'component:default/gone',
      title: 'Gone',
    };
    const notFound = () =>
      responseError(404, 'Not Found', {
        name: 'NotFoundError',
        message: 'No entity component:default/gone',
      });
    await renderReadiness(<MyReadinessContent />, {
      api: {
        getModel: async () => model,
        listScorecards: listing(
          { items: [gone, summary], totalCount: 2 },
          {
            items: [{ ...gone, nextExpiry: toRenew.nextExpiry }, toRenew],
            totalCount: 2,
          },
        ),
        getScorecard: async (ref: string) => {
          if (ref === gone.entityRef) throw await notFound();
          return { scorecard, stale: false };
        },
        // The entity gone from the catalog is left out.
        getEntitiesCampaigns: async (refs: string[]) => ({
          items: refs
            .filter(ref => ref !== gone.entityRef)
            .map(entityRef => ({ entityRef, campaigns: [] })),
        }),
      },
    });
    const mine = await screen.findByRole('list', { name: 'Your entities' });
    expect(
      within(mine)
        .getAllByRole('link')
        .map(a => a.textContent),
    ).toEqual(['Payments API']);
    expect(screen.queryByText(/more/)).toBeNull();
    const expiring = screen.getByRole('list', { name: 'Expiring answers' });
    expect(
      within(expiring).getByRole('link', {
        name: 'Access reviewed and revalidated',
      }),
    ).toBeInTheDocument();
  });

  it('says an answer that expired a few hours ago expired, not that it expires today', async () => {
    const hoursAgo = new Date(Date.now() - 3 * 3_600_000).toISOString();
    const expiredToday = {
      ...scorecard,
      checks: scorecard.checks.map(c =>
        c.checkId === 'security.access-review'
          ? { ...c, expiresAt: hoursAgo }
          : c,
      ),
    };
    await renderReadiness(<MyReadinessContent />, {
      api: {
        getModel: async () => model,
        listScorecards: listing(
          { items: [summary], totalCount: 1 },
          { items: [{ ...toRenew, nextExpiry: hoursAgo }], totalCount: 1 },
        ),
        getScorecard: async () => ({ scorecard: expiredToday, stale: false }),
        getEntitiesCampaigns: async (refs: string[]) => ({
          items: refs.map(entityRef => ({ entityRef, campaigns: [] })),
        }),
      },
    });
    const expiring = await screen.findByRole('list', {
      name: 'Expiring answers',
    });
    expect(within(expiring).getByText(/expired on/)).toBeInTheDocument();
    expect(within(expiring).queryByText(/expires today/)).toBeNull();
  });

  it('counts the entities of every group of the user, a hundred groups a request', async () => {
    const groups = Array.from(
      { length: 149 },
      (_, i) => `group:default/team-${i}`,
    );
    const owners = ['user:default/alice', ...groups];
    const worst = {
      ...summary,
      entityRef: 'component:default/worst',
      score: 1,
      title: 'Worst of team 120',
    };
    const listScorecards = jest.fn(async (query: Query) => {
      if (query.sort === 'nextExpiry') return { items: [], totalCount: 0 };
      return query.owner?.includes('group:default/team-120')
        ? { items: [worst], totalCount: 4 }
        : { items: [summary], totalCount: 3 };
    });
    await renderReadiness(<MyReadinessContent />, {
      api: {
        getModel: async () => model,
        listScorecards,
        // Nothing expiring: this test is about the entities.
        getScorecard: async () => ({
          scorecard: scorecardOf(paymentsApi()),
          stale: false,
        }),
        getEntitiesCampaigns: async (refs: string[]) => ({
          items: refs.map(entityRef => ({ entityRef, campaigns: [] })),
        }),
      },
      ownershipEntityRefs: owners,
    });
    const mine = await screen.findByRole('list', { name: 'Your entities' });
    // Two questions (lowest scores, soonest expiries), two requests each.
    expect(listScorecards).toHaveBeenCalledTimes(4);
    for (const sort of ['score', 'nextExpiry']) {
      expect(listScorecards).toHaveBeenCalledWith(
        expect.objectContaining({ owner: owners.slice(0, 100), sort }),
      );
      expect(listScorecards).toHaveBeenCalledWith(
        expect.objectContaining({ owner: owners.slice(100), sort }),
      );
    }
    // Lowest score first, across both requests.
    expect(
      within(mine)
        .getAllByRole('link')
        .map(a => a.textContent),
    ).toEqual(['Worst of team 120', 'Payments API']);
    expect(screen.getByText(/and 5 more/)).toBeInTheDocument();
  });
});
