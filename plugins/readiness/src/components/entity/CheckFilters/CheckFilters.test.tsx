import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { model } from '../../../__testUtils__/scorecards';
import { CheckFilters, NO_CHECK_FILTER } from './CheckFilters';

describe('CheckFilters', () => {
  it('reports each filter change and says how many checks are shown', async () => {
    const onChange = jest.fn();
    await renderInTestApp(
      <CheckFilters
        value={NO_CHECK_FILTER}
        onChange={onChange}
        categories={model.categories}
        shown={12}
        total={40}
      />,
    );
    expect(screen.getByText('Showing 12 of 40 checks')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only failing checks' }),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      ...NO_CHECK_FILTER,
      failingOnly: true,
    });
    await userEvent.click(
      screen.getByRole('checkbox', {
        name: /^Only expiring \(30 days\): checks expiring within 30 days/,
      }),
    );
    expect(onChange).toHaveBeenLastCalledWith({
      ...NO_CHECK_FILTER,
      expiringOnly: true,
    });
    await userEvent.click(screen.getByLabelText('Category'));
    await userEvent.click(screen.getByRole('option', { name: 'Security' }));
    expect(onChange).toHaveBeenLastCalledWith({
      ...NO_CHECK_FILTER,
      category: 'security',
    });
  });
});
