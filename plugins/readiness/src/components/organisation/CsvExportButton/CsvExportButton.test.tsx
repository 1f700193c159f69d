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
        label="Export teams"
        columns={[{ header: 'team', value: (r: { team: string }) => r.team }]}
        rows={[{ team: 'Payments, EU' }]}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Export teams' }));
    expect(downloads.filename).toBe('teams.csv');
    expect(await downloads.blobs[0].text()).toBe('team\r\n"Payments, EU"\r\n');
  });

  it('is disabled without rows', async () => {
    await renderInTestApp(
      <CsvExportButton
        filename="x.csv"
        label="Export"
        columns={[]}
        rows={[]}
      />,
    );
    expect(screen.getByRole('button', { name: 'Export' })).toBeDisabled();
  });
});
