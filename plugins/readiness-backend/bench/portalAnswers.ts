import {
  ReadinessAnswer,
  StoredAnswer,
} from '@prodready/plugin-readiness-common';
import { DatabaseReadinessStore } from '../src/database/DatabaseReadinessStore';

/**
 * Stores a generated organisation's portal answers as one import by `by`
 * would; answers the generator left undated get `answeredAt`. Returns how
 * many were stored.
 */
export async function importPortalAnswers(
  store: DatabaseReadinessStore,
  portalAnswers: Map<string, ReadinessAnswer[]>,
  by: string,
  answeredAt: string,
) {
  const answers: StoredAnswer[] = [...portalAnswers.entries()].flatMap(
    ([entityRef, list]) =>
      list.map(a => ({
        ...a,
        entityRef,
        source: 'portal' as const,
        answeredBy: a.answeredBy ?? by,
        answeredAt: a.answeredAt ?? answeredAt,
        version: 1,
      })),
  );
  await store.transaction(tx =>
    store.importAll(tx, { answers, roles: [] }, by),
  );
  return answers.length;
}
