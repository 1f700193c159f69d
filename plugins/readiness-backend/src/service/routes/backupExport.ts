import { Campaign, ReadinessExport } from '@prodready/plugin-readiness-common';
import { BackupPages } from '../../database/ReadinessStore';

/** Records of each kind the export reads from the database at a time. */
export const EXPORT_PAGE_SIZE = 1000;

/** How many records of each kind an export sent, for its audit event. */
export type ExportCounts = Record<
  'answers' | 'roles' | 'costTables' | 'exemptions' | 'campaigns',
  number
>;

type PagedKind = keyof BackupPages;
const PAGED_KINDS: PagedKind[] = [
  'answers',
  'roles',
  'costTables',
  'exemptions',
];

/**
 * A backup (`ReadinessExport`, its keys in that order) as JSON text, a
 * chunk per page of records read: however many answers an organisation
 * has, the export holds one page of them. The first chunk waits for the
 * first page, so an unreadable database is still an error response.
 * `counts` grows as pages are read. Portal campaigns are few (an import
 * takes at most 1,000) and come last, in one read.
 */
export async function* backupJson(
  pages: BackupPages,
  campaigns: () => Promise<Campaign[]>,
  counts: ExportCounts,
  exportedAt: string,
): AsyncGenerator<string> {
  const head: Pick<ReadinessExport, 'format' | 'version' | 'exportedAt'> = {
    format: 'readiness-export',
    version: 1,
    exportedAt,
  };
  let pending = JSON.stringify(head).slice(0, -1);
  for (const kind of PAGED_KINDS) {
    pending += `,${JSON.stringify(kind)}:[`;
    for await (const page of pages[kind]) {
      const items = page.map(record => JSON.stringify(record)).join(',');
      pending += (counts[kind] ? ',' : '') + items;
      counts[kind] += page.length;
      yield pending;
      pending = '';
    }
    pending += ']';
  }
  const listed = await campaigns();
  counts.campaigns = listed.length;
  yield `${pending},"campaigns":${JSON.stringify(listed)}}`;
}
