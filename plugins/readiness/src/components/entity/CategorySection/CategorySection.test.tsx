import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { checkRows } from '../../../lib/checks';
import {
  model,
  paymentsApi,
  paymentsCore,
  scorecardOf,
  storedAnswer,
} from '../../../__testUtils__/scorecards';
import { CategorySection } from './CategorySection';
import { CheckActions } from './CheckRow';
import { expectNamedColumns } from '../../../__testUtils__/tables';

function renderCategory(categoryId: string, actions: Partial<CheckActions>) {
  const scorecard = scorecardOf(paymentsApi(), {
    system: paymentsCore({
      'prodready.dev/check.organisation.problem-management':
        'met; evidence=https://wiki.example.com/problem-management',
    }),
    answers: [
      storedAnswer('organisation.change-management', {
        status: 'partially-met',
        review: {
          reviewedBy: 'user:default/carol',
          reviewedAt: '2026-11-02T09:00:00Z',
        },
      }),
    ],
  });
  const handlers: CheckActions = {
    canAnswer: false,
    canReview: false,
    busy: false,
    onEdit: jest.fn(),
    onReattest: jest.fn(),
    onRevert: jest.fn(),
    onReview: jest.fn(),
    ...actions,
  };
  return renderInTestApp(
    <CategorySection
      category={model.categories.find(c => c.id === categoryId)!}
      score={scorecard.categories.find(c => c.categoryId === categoryId)!}
      rows={checkRows(scorecard, model).filter(
        r => r.definition.category === categoryId,
      )}
      model={model}
      now={new Date()}
      expanded={new Set()}
      onToggle={jest.fn()}
      actions={handlers}
    />,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  ).then(() => handlers);
}

describe('CategorySection', () => {
  it('shows the category score and risk and a row per check, read-only without permission', async () => {
    await renderCategory('organisation', {});
    const table = screen.getByRole('table', { name: 'Organisation' });
    expectNamedColumns(table);
    expect(within(table).getAllByRole('row').length).toBeGreaterThan(5);
    expect(screen.getByText('High risk')).toBeInTheDocument();
    expect(
      screen.queryByRole('columnheader', { name: 'Actions' }),
    ).not.toBeInTheDocument();
    const change = screen.getByTestId(
      'check-row-organisation.change-management',
    );
    expect(within(change).getByText('Signed off')).toBeInTheDocument();
    expect(
      within(
        screen.getByTestId('check-row-organisation.roles-assigned'),
      ).getByText('Role health'),
    ).toBeInTheDocument();
  });

  it('offers answering to owners, but not for checks scored from role health', async () => {
    const handlers = await renderCategory('organisation', { canAnswer: true });
    const roles = screen.getByTestId('check-row-organisation.roles-assigned');
    expect(
      within(roles).queryByRole('button', { name: /^Answer/ }),
    ).not.toBeInTheDocument();
    expect(within(roles).getByText('Assign roles')).toBeInTheDocument();
    const change = screen.getByTestId(
      'check-row-organisation.change-management',
    );
    await userEvent.click(
      within(change).getByRole('button', { name: /^Answer / }),
    );
    expect(handlers.onEdit).toHaveBeenCalledWith(
      expect.objectContaining({
        definition: expect.objectContaining({
          id: 'organisation.change-management',
        }),
      }),
    );
    // Already signed off: reviewers get no second sign-off button.
    expect(
      within(change).queryByRole('button', { name: /^Sign off/ }),
    ).not.toBeInTheDocument();
  });

  it('says which System an inherited answer comes from', async () => {
    await renderCategory('organisation', {});
    const row = screen.getByTestId('check-row-organisation.problem-management');
    expect(within(row).getByText('Inherited')).toBeInTheDocument();
    expect(
      within(row).getByRole('link', { name: /payments-core/ }),
    ).toHaveAttribute('href', '/catalog/default/system/payments-core');
    expect(within(row).getByText('System annotation')).toBeInTheDocument();
  });
});
