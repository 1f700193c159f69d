import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { captureDownloads } from '../../../__testUtils__/downloads';
import { CsvExportButton } from './CsvExportButton';

describe('CsvExportButton', () => {
  afterEach(() => jest.restoreAllMocks());

  it('downloads the rows as a CSV file', async () => {
    const downloads = captureDownloads();
    await renderInTestApp(
      <CsvExportButton
        filename="teams.csv"
        of="the teams"
        columns={[{ header: 'team', value: (r: { team: string }) => r.team }]}
        rows={[{ team: 'Payments, EU' }]}
      />,
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Export CSV (the teams)' }),
    );
    expect(downloads.filename).toBe('teams.csv');
    expect(await downloads.blobs[0].text()).toBe('team\r\n"Payments, EU"\r\n');
  });

  it('is disabled without rows', async () => {
    await renderInTestApp(
      <CsvExportButton filename="x.csv" of="nothing" columns={[]} rows={[]} />,
    );
    expect(
      screen.getByRole('button', { name: 'Export CSV (nothing)' }),
    ).toBeDisabled();
  });
});
