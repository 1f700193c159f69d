import { render, screen } from '@testing-library/react';
import { model } from '../../../__testUtils__/scorecards';
import { LevelDistributionBar } from './LevelDistributionBar';

describe('LevelDistributionBar', () => {
  it('states the count of every level, lowest first, and sizes segments by share', () => {
    render(
      <LevelDistributionBar
        model={model}
        levels={{ none: 2, bronze: 1, gold: 1 }}
        showLegend
      />,
    );
    const bar = screen.getByRole('img', {
      name: 'Entities per level: 2 no level, 1 Bronze, 0 Silver, 1 Gold',
    });
    const widths = [...bar.children].map(s => (s as HTMLElement).style.width);
    expect(widths).toEqual(['50%', '25%', '25%']);
    expect(screen.getByText('Gold 1')).toBeInTheDocument();
  });

  it('counts entities that are not assessed apart from those below the lowest level', () => {
    render(
      <LevelDistributionBar
        model={model}
        levels={{ 'not-assessed': 1, none: 1, silver: 2 }}
        showLegend
      />,
    );
    const bar = screen.getByRole('img', {
      name: 'Entities per level: 1 not assessed, 1 no level, 0 Bronze, 2 Silver, 0 Gold',
    });
    const widths = [...bar.children].map(s => (s as HTMLElement).style.width);
    expect(widths).toEqual(['25%', '25%', '50%']);
    expect(screen.getByText('Not assessed 1')).toBeInTheDocument();
  });
});
