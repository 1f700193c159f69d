import { render, screen } from '@testing-library/react';
import { CampaignProgressBar, percentDone } from './CampaignProgressBar';

describe('CampaignProgressBar', () => {
  it('shows 100% and a full bar only once every entity is done', () => {
    const counts = { total: 250, done: 249, overdue: 0 };
    expect(percentDone(counts)).toBe(99);
    render(<CampaignProgressBar counts={counts} label="Backups" />);
    expect(screen.getByText('249 of 250 done (99%)')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Backups: 249 of 250 done' }),
    ).toHaveAttribute('aria-valuenow', '99');
    expect(percentDone({ total: 250, done: 250, overdue: 0 })).toBe(100);
    expect(percentDone({ total: 0, done: 0, overdue: 0 })).toBe(100);
  });

  it('says the progress is being computed, not the counts from before, while it is pending', () => {
    render(
      <CampaignProgressBar
        counts={{ total: 4, done: 1, overdue: 0, pending: true }}
        label="Backups"
      />,
    );
    expect(screen.getByText('Computing progress…')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Backups: computing progress' }),
    ).not.toHaveAttribute('aria-valuenow');
    expect(screen.queryByText(/of 4 done/)).not.toBeInTheDocument();
  });
});
