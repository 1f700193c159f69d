import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { HistoryEntry } from '@prodready/plugin-readiness-common';
import {
  ENTITY_REF,
  model,
  storedAnswer,
  storedRole,
} from '../../../__testUtils__/scorecards';
import { ChangeHistoryCard } from './ChangeHistoryCard';

const entry = (id: number, fields: Partial<HistoryEntry>): HistoryEntry => ({
  id,
  entityRef: ENTITY_REF,
  subject: 'answer',
  subjectId: 'scalability.load-test',
  action: 'set',
  before: null,
  after: null,
  actor: 'user:default/alice',
  at: '2026-11-20T10:00:00.000Z',
  ...fields,
});

const render = (changes: HistoryEntry[]) =>
  renderInTestApp(<ChangeHistoryCard model={model} changes={changes} />, {
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });

describe('ChangeHistoryCard', () => {
  it('describes answer and role changes in words', async () => {
    await render([
      entry(4, {
        before: storedAnswer('scalability.load-test', { status: 'not-met' }),
        after: storedAnswer('scalability.load-test', { status: 'met' }),
      }),
      entry(3, {
        subject: 'role',
        subjectId: 'test-manager',
        after: storedRole('test-manager', ['user:default/bob']),
      }),
      entry(2, { action: 'review', actor: 'user:default/carol' }),
      entry(1, { action: 'delete' }),
    ]);
    const items = within(
      screen.getByRole('list', { name: 'Readiness changes' }),
    ).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(
      'answered Realistic load test run: Not met → Met',
    );
    expect(items[1]).toHaveTextContent(
      /assigned Test Manager\/Engineer: .*bob/,
    );
    expect(items[2]).toHaveTextContent('signed off Realistic load test run');
    expect(items[3]).toHaveTextContent(
      'reverted the portal answer to Realistic load test run',
    );
  });

  it('describes cost table changes', async () => {
    await render([
      entry(2, {
        subject: 'cost-table',
        subjectId: 'cost',
        after: {
          currency: 'EUR',
          date: '2026-11-01',
          tiers: [
            { users: 0, monthlyCost: 450 },
            { users: 1000, monthlyCost: 2100 },
          ],
        },
      }),
      entry(1, { subject: 'cost-table', subjectId: 'cost', action: 'delete' }),
    ]);
    const items = within(
      screen.getByRole('list', { name: 'Readiness changes' }),
    ).getAllByRole('listitem');
    expect(items[0]).toHaveTextContent(
      'saved the cost table: 2 figures in EUR',
    );
    expect(items[1]).toHaveTextContent('removed the portal cost table');
  });

  it('describes exemption requests and decisions, not as answers', async () => {
    const exemption = (status: string) => ({
      id: 'ex-1',
      entityRef: ENTITY_REF,
      checkId: 'scalability.load-test',
      reasonCode: 'planned-remediation',
      reasonText: 'after the migration',
      endsOn: '2027-01-31',
      status,
      requestedBy: 'user:default/alice',
      requestedAt: '2026-11-20T10:00:00.000Z',
      version: 1,
    });
    await render([
      entry(4, {
        subject: 'exemption',
        action: 'end',
        after: exemption('approved'),
        actor: 'readiness',
      }),
      entry(3, {
        subject: 'exemption',
        action: 'reject',
        after: exemption('rejected'),
      }),
      entry(2, {
        subject: 'exemption',
        action: 'approve',
        after: exemption('approved'),
      }),
      entry(1, {
        subject: 'exemption',
        action: 'request',
        after: exemption('pending'),
      }),
    ]);
    const items = within(
      screen.getByRole('list', { name: 'Readiness changes' }),
    ).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      expect.stringContaining('ended the exemption of Realistic load test run'),
      expect.stringMatching(
        /rejected the exemption of Realistic load test run(?! until)/,
      ),
      expect.stringContaining(
        'approved the exemption of Realistic load test run until 31 Jan 2027',
      ),
      expect.stringContaining(
        'asked to exempt Realistic load test run until 31 Jan 2027',
      ),
    ]);
    expect(screen.queryByText(/answered/)).toBeNull();
  });

  it('describes deleted pushed results and exemptions as deletions, and restored exemptions as restored', async () => {
    await render([
      entry(4, {
        subject: 'exemption',
        action: 'import',
        after: { checkId: 'scalability.load-test', status: 'approved' },
        actor: 'user:default/carol',
      }),
      entry(3, {
        subject: 'exemption',
        action: 'delete',
        before: { checkId: 'scalability.load-test', status: 'approved' },
        actor: 'readiness retention',
      }),
      entry(2, {
        subject: 'result',
        action: 'delete',
        before: { checkId: 'scalability.load-test', status: 'met' },
        actor: 'readiness retention',
      }),
      entry(1, {
        subject: 'result',
        action: 'set',
        after: { checkId: 'scalability.load-test', status: 'met' },
        actor: 'external:ci',
      }),
    ]);
    const items = within(
      screen.getByRole('list', { name: 'Readiness changes' }),
    ).getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      expect.stringContaining(
        'restored the exemption of Realistic load test run',
      ),
      expect.stringContaining(
        'readiness retention deleted the exemption of Realistic load test run',
      ),
      expect.stringContaining(
        'readiness retention deleted the pushed result for Realistic load test run',
      ),
      expect.stringContaining(
        'pushed an automatic result for Realistic load test run',
      ),
    ]);
  });

  it('shows the first changes and the rest on request', async () => {
    await render(Array.from({ length: 12 }, (_, i) => entry(i + 1, {})));
    expect(screen.getAllByRole('listitem')).toHaveLength(8);
    await userEvent.click(
      screen.getByRole('button', { name: 'Show all 12 changes' }),
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(12);
  });

  it('does not call a full page of the history all of it', async () => {
    // The backend gives the latest 200 changes unless asked for more.
    await render(Array.from({ length: 200 }, (_, i) => entry(i + 1, {})));
    expect(
      screen.queryByRole('button', { name: /Show all/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Show the latest 200 changes' }),
    );
    expect(screen.getAllByRole('listitem')).toHaveLength(200);
  });

  it('explains an empty history', async () => {
    await render([]);
    expect(screen.getByText(/No changes yet/)).toBeInTheDocument();
  });
});
