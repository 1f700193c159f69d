/**
 * Catches the files a component downloads (a blob URL clicked on a link):
 * their blobs, and the name of the last one.
 */
export function captureDownloads() {
  const caught = { blobs: [] as Blob[], filename: '' };
  Object.assign(URL, {
    createObjectURL: (blob: Blob) => {
      caught.blobs.push(blob);
      return 'blob:x';
    },
    revokeObjectURL: () => {},
  });
  jest
    .spyOn(HTMLAnchorElement.prototype, 'click')
    .mockImplementation(function click(this: HTMLAnchorElement) {
      caught.filename = this.download;
    });
  return caught;
}
