import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import { CsvExportButton } from './CsvExportButton';

describe('CsvExportButton', () => {
  afterEach(() => jest.restoreAllMocks());

  it('downloads the rows as a CSV file', async () => {
    const blobs: Blob[] = [];
    Object.assign(URL, {
      createObjectURL: (blob: Blob) => {
        blobs.push(blob);
        return 'blob:x';
      },
      revokeObjectURL: () => {},
    });
    let filename = '';
    jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function click(this: HTMLAnchorElement) {
        filename = this.download;
      });
    await renderInTestApp(
      <CsvExportButton
        filename="teams.csv"
        label="Export teams"
        columns={[{ header: 'team', value: (r: { team: string }) => r.team }]}
        rows={[{ team: 'Payments, EU' }]}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Export teams' }));
    expect(filename).toBe('teams.csv');
    expect(await blobs[0].text()).toBe('team\r\n"Payments, EU"\r\n');
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
