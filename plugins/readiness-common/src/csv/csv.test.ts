import { toCsv } from './csv';

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
