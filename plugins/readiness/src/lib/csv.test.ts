import { downloadCsv, toCsv } from './csv';

describe('toCsv', () => {
  const columns = [
    {
      header: 'name',
      value: (r: { name: string; score: number | null }) => r.name,
    },
    {
      header: 'score',
      value: (r: { name: string; score: number | null }) => r.score,
    },
  ];

  it('writes a header and CRLF-terminated lines', () => {
    expect(toCsv(columns, [{ name: 'payments', score: 72.5 }])).toBe(
      'name,score\r\npayments,72.5\r\n',
    );
  });

  it('quotes fields with commas, quotes and line breaks and doubles quotes (RFC 4180)', () => {
    expect(
      toCsv(columns, [
        { name: 'Payments, Inc.', score: 1 },
        { name: 'the "ledger"', score: 2 },
        { name: 'two\nlines', score: null },
      ]),
    ).toBe(
      'name,score\r\n"Payments, Inc.",1\r\n"the ""ledger""",2\r\n"two\nlines",\r\n',
    );
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    expect(toCsv(columns, [{ name: '=HYPERLINK("x")', score: 3 }])).toBe(
      'name,score\r\n"\'=HYPERLINK(""x"")",3\r\n',
    );
  });
});

describe('downloadCsv', () => {
  it('downloads the text through a Blob link', async () => {
    const blobs: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:readiness';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function fakeClick(this: HTMLAnchorElement) {
        expect(this.download).toBe('groups.csv');
        expect(this.href).toBe('blob:readiness');
      });
    downloadCsv('groups.csv', 'a,b\r\n');
    expect(click).toHaveBeenCalledTimes(1);
    expect(await blobs[0].text()).toBe('a,b\r\n');
    expect(blobs[0].type).toBe('text/csv;charset=utf-8');
    click.mockRestore();
  });
});
