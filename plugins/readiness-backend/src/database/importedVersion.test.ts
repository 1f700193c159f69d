import { importedVersion, recordVersion } from './importedVersion';

describe('the version of an imported record', () => {
  type Answer = {
    entityRef: string;
    status: string;
    note?: string;
    version: number;
  };
  const stored: Answer = {
    entityRef: 'component:default/cart',
    status: 'met',
    version: 4,
  };

  it('is the file’s for a record new here', () => {
    expect(recordVersion(undefined, { ...stored, version: 2 })).toBe(2);
  });

  it('stays the stored one when the record says the same, fields left undefined aside', () => {
    expect(
      recordVersion(stored, { ...stored, note: undefined, version: 1 }),
    ).toBe(4);
  });

  it('goes past the stored one, or to the file’s if higher, when the record says otherwise', () => {
    expect(
      recordVersion(stored, { ...stored, status: 'not-met', version: 1 }),
    ).toBe(5);
    expect(
      recordVersion(stored, { ...stored, status: 'not-met', version: 9 }),
    ).toBe(9);
    expect(importedVersion(3, { version: 3, same: false })).toBe(4);
  });
});
