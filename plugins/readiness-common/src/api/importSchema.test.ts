import {
  importSchema,
  importSchemasWithin,
  MAX_IMPORTED_RECORDS,
} from './importSchema';

/** A backup with `count` answers, each of another entity. */
function backupWith(count: number) {
  return {
    format: 'readiness-export',
    version: 1,
    exportedAt: '2026-12-01T09:00:00Z',
    answers: Array.from({ length: count }, (_, i) => ({
      entityRef: `component:default/svc-${i}`,
      checkId: 'scalability.sizing',
      status: 'met',
      source: 'portal',
      answeredBy: 'user:default/alice',
      answeredAt: '2026-11-01T09:00:00Z',
      version: 1,
    })),
    roles: [],
  };
}

describe('importSchemasWithin', () => {
  it('takes more answers than the default when a backend allows more', () => {
    const large = backupWith(MAX_IMPORTED_RECORDS + 1);
    const byDefault = importSchema.safeParse(large);
    expect(byDefault.success).toBe(false);
    expect(byDefault.error?.issues.map(i => i.path)).toEqual([['answers']]);

    const { importSchema: raised, importRestoreSchema } = importSchemasWithin(
      MAX_IMPORTED_RECORDS * 2,
    );
    expect(raised.safeParse(large).success).toBe(true);
    expect(importRestoreSchema.safeParse(large).success).toBe(true);
  });

  it('refuses more than a lowered limit, whichever list', () => {
    const { importSchema: lowered } = importSchemasWithin(2);
    const backup = backupWith(2);
    expect(lowered.safeParse(backup).success).toBe(true);
    const roles = backup.answers.concat(backup.answers[0]).map(a => ({
      entityRef: a.entityRef,
      roleId: 'dba',
      holders: ['user:default/alice'],
      source: 'portal',
      assignedBy: 'user:default/alice',
      assignedAt: '2026-11-01T09:00:00Z',
      version: 1,
    }));
    const result = lowered.safeParse({ ...backup, roles });
    expect(result.error?.issues.map(i => i.path)).toEqual([['roles']]);
  });
});
