import { screen } from '@testing-library/react';
import { renderInTestApp } from '@backstage/test-utils';
import { model } from '../../../__testUtils__/scorecards';
import { LevelChip, RiskChip, StatusChip } from './StatusChip';

describe('StatusChip', () => {
  it.each([
    ['met', 'Met'],
    ['partially-met', 'Partially met'],
    ['not-met', 'Not met'],
    ['not-applicable', 'Not applicable'],
    ['unknown', 'Unknown'],
    ['expired', 'Expired'],
  ] as const)('says %s in words and with an icon', async (status, label) => {
    await renderInTestApp(<StatusChip status={status} />);
    const chip = screen.getByText(label).closest('.MuiChip-root')!;
    expect(chip.querySelector('svg')).not.toBeNull();
  });

  it('names the risk', async () => {
    await renderInTestApp(<RiskChip risk="high" />);
    expect(screen.getByText('High risk')).toBeInTheDocument();
  });

  it('names the level, or no level', async () => {
    await renderInTestApp(
      <>
        <LevelChip model={model} levelId="silver" />
        <LevelChip model={model} levelId={null} />
      </>,
    );
    expect(screen.getByText('Silver')).toBeInTheDocument();
    expect(screen.getByText('No level')).toBeInTheDocument();
  });
});
