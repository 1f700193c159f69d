import { downloadCsv } from './csv';

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
