import { buildReadinessModel } from '@prodready/plugin-readiness-common';
import { markdownReport } from './markdown';

/** A row's cells, split at the pipes that are not escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/).slice(1, -1);

describe('markdownReport', () => {
  it('escapes a campaign title with a pipe in the table header', () => {
    const report = markdownReport(buildReadinessModel(), [
      {
        entityRef: 'component:default/checkout',
        score: 50,
        level: null,
        stale: false,
        campaign: {
          id: 'q1-backups',
          title: 'Backups | restores',
          deadline: '2099-12-31',
          status: 'done',
          missing: [],
        },
      },
    ]);
    const [header, separator, row] = report
      .split('\n')
      .filter(line => line.startsWith('|'));
    expect(header).toContain('Campaign: Backups \\| restores (2099-12-31)');
    expect(cells(header)).toHaveLength(4);
    expect(cells(separator)).toHaveLength(4);
    expect(cells(row)).toHaveLength(4);
  });
});
