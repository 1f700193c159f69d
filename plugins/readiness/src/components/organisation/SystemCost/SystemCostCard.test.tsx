import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SystemCostListResponse } from '@prodready/plugin-readiness-common';
import { renderReadiness } from '../../../__testUtils__/render';
import { SystemCostCard } from './SystemCostCard';

const page = (users: number): SystemCostListResponse => ({
  users,
  totalCount: 3,
  items: [
    {
      entityRef: 'system:default/payments',
      source: 'system',
      currency: 'EUR',
      monthlyCost: 2100 * (users / 1000),
      costPerUser: 2.1,
      parts: 0,
    },
    {
      entityRef: 'system:default/shop',
      source: 'parts',
      currency: 'USD',
      monthlyCost: 3000,
      costPerUser: 3,
      parts: 2,
      uncostedParts: 1,
    },
    {
      entityRef: 'system:default/legacy',
      source: 'none',
      parts: 0,
      problem: 'no cost table',
    },
  ],
});

describe('SystemCostCard', () => {
  it('lists cost per user by System at 1,000 users, and at the tier chosen', async () => {
    const listSystemCosts = jest.fn(async (q: { users?: number }) =>
      page(q.users ?? 1000),
    );
    await renderReadiness(<SystemCostCard />, { api: { listSystemCosts } });
    const table = await screen.findByRole('table', {
      name: 'Cost per user by System at 1,000 users',
    });
    expect(listSystemCosts).toHaveBeenCalledWith({
      users: 1000,
      limit: 25,
      offset: 0,
    });
    const rows = await within(table).findAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      /payments.*€2\.10.*€2,100.*the System's cost table/,
    );
    expect(rows[2]).toHaveTextContent(
      /shop.*US\$3\.00.*US\$3,000.*2 parts' cost tables; 1 part has none and is left out/,
    );
    expect(rows[3]).toHaveTextContent(/legacy.*—.*—.*no cost table/);

    await userEvent.click(screen.getByRole('button', { name: /At/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: '1,000,000 users' }),
    );
    expect(listSystemCosts).toHaveBeenLastCalledWith({
      users: 1000000,
      limit: 25,
      offset: 0,
    });
  });
});
