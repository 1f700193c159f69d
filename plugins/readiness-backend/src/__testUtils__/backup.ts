import { ReadinessStore } from '../database/ReadinessStore';

/** Every item of every page, in order. */
export async function allOf<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) items.push(...page);
  return items;
}

/** The answers and roles a backup of the store holds, read in pages of `pageSize`. */
export async function exportedRecords(
  store: Pick<ReadinessStore, 'exportPages'>,
  pageSize = 1000,
) {
  const pages = store.exportPages(pageSize);
  return {
    answers: await allOf(pages.answers),
    roles: await allOf(pages.roles),
  };
}
