import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { UpcomingStatusChip } from './UpcomingStatusChip';

describe('UpcomingStatusChip', () => {
  it('says when the check starts to count and what it would be', async () => {
    await renderInTestApp(
      <UpcomingStatusChip
        upcoming={{ effectiveFrom: '2027-03-01', status: 'not-met' }}
      />,
    );
    expect(screen.getByText('Upcoming · from 1 Mar 2027')).toBeInTheDocument();
    expect(screen.getByText('would be')).toBeInTheDocument();
    expect(screen.getByText('Not met')).toBeInTheDocument();
  });
});
