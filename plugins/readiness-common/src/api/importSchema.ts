import { z } from 'zod';
import { campaignIdSchema, campaignInputSchema } from '../campaigns/campaign';
import { costTableSchema } from '../cost/costTable';
import { EXEMPTION_TEXT_MAX, exemptionIdSchema } from '../exemptions/requests';
import { EXEMPTION_REASONS } from '../exemptions/types';
import {
  answerInputSchema,
  isoDaySchema as day,
  plainTextSchema,
  roleInputSchema,
  singleLine,
} from '../validation';
import { tryNormalizeEntityRef } from '../refs';
import { entityRefSchema } from './requests';

/*
 * `POST /import`: what `GET /export` returns, checked before anything is
 * written.
 */

const checkId = singleLine(z.string().min(1).max(64));

/** How many answers, roles, cost tables and exemptions one import may carry each, unless `readiness.backup.maxImportRecords` says otherwise. @public */
export const MAX_IMPORTED_RECORDS = 100_000;
/** The size of a `POST /import` body, unless `readiness.backup.maxImportMegabytes` says otherwise. @public */
export const DEFAULT_IMPORT_MEGABYTES = 32;
/** The most `readiness.backup.maxImportRecords` may allow. @public */
export const MAX_CONFIGURABLE_IMPORT_RECORDS = 2_000_000;
/**
 * The most `readiness.backup.maxImportMegabytes` may allow: the body is
 * parsed as one string, and Node's longest is 512 MiB.
 * @public
 */
export const MAX_CONFIGURABLE_IMPORT_MEGABYTES = 256;

/**
 * An instant as ISO 8601 with its time zone (`Z` or an offset) and a day
 * that exists, stored as UTC: a time without a zone would be read in the
 * server's zone, and answer expiry would move with it.
 */
const timestamp = z
  .string()
  .max(32)
  .pipe(
    z.iso.datetime({
      offset: true,
      message:
        'must be an ISO timestamp with a time zone, e.g. 2026-11-01T09:30:00Z',
    }),
  )
  .transform(v => new Date(v).toISOString());
/**
 * Who wrote a record: a user's ref normalised (`User:Alice` is
 * `user:default/alice`), as the routes write it, so that the four-eyes rules
 * (an answer reviewed, an exemption decided, by someone else) hold for
 * restored records; a service's subject as written.
 */
const actorRef = singleLine(z.string().min(1).max(255)).transform(actor => {
  const ref = tryNormalizeEntityRef(actor);
  return ref?.startsWith('user:') ? ref : actor;
});
/** A stored record's version: the tables keep it as a 32-bit integer. */
const recordVersion = z.number().int().min(1).max(2_147_483_647);

/**
 * Flags every record whose key (entity ref and check or role, refs already
 * normalised) an earlier record of the same list has: a table holds one row
 * per key, so an import cannot say which of the two to keep.
 */
function flagRepeats<T>(
  ctx: z.RefinementCtx,
  field: string,
  records: readonly T[] | undefined,
  /** The record's key; undefined leaves it out of the comparison. */
  keyOf: (record: T) => string[] | undefined,
) {
  const first = new Map<string, number>();
  records?.forEach((record, index) => {
    const key = keyOf(record);
    if (!key) return;
    const id = JSON.stringify(key);
    const earlier = first.get(id);
    if (earlier === undefined) first.set(id, index);
    else {
      ctx.addIssue({
        code: 'custom',
        path: [field, index],
        message: `repeats ${field}.${earlier} (${key.join(', ')})`,
      });
    }
  });
}

/** An exemption as the export holds it, whatever its status. */
const importedExemptionSchema = z.strictObject({
  id: z.string().min(1).max(36),
  entityRef: entityRefSchema(),
  checkId,
  reasonCode: z.enum(EXEMPTION_REASONS),
  reasonText: plainTextSchema(EXEMPTION_TEXT_MAX).pipe(
    z.string().min(1, 'is required'),
  ),
  endsOn: day,
  status: z.enum(['pending', 'approved', 'rejected']),
  requestedBy: actorRef,
  requestedAt: timestamp,
  decidedBy: actorRef.optional(),
  decidedAt: timestamp.optional(),
  decisionNote: plainTextSchema(EXEMPTION_TEXT_MAX).optional(),
  endRecordedAt: timestamp.optional(),
  version: recordVersion,
});

/** A portal campaign as the export holds it. */
const importedCampaignSchema = campaignInputSchema.safeExtend({
  id: z.string().min(1).max(64),
  source: z.literal('portal'),
  startDate: day,
  version: recordVersion,
  createdBy: actorRef,
  updatedBy: actorRef,
  updatedAt: timestamp,
});

/** How many portal campaigns one import may carry. @public */
export const MAX_IMPORTED_CAMPAIGNS = 1000;

/**
 * The bodies of `POST /import` (exactly what `GET /export` returns) and of
 * `POST /import?restore=true`, for a backend that takes up to `maxRecords`
 * answers, roles, cost tables and exemptions each
 * (`readiness.backup.maxImportRecords`).
 * @public
 */
export function importSchemasWithin(maxRecords: number) {
  const tooMany = `at most ${maxRecords} records (readiness.backup.maxImportRecords)`;
  const importSchema = z
    .object({
      format: z.literal('readiness-export'),
      version: z.literal(1),
      exportedAt: timestamp,
      answers: z
        .array(
          answerInputSchema.safeExtend({
            entityRef: entityRefSchema(),
            checkId,
            source: z.literal('portal'),
            answeredBy: actorRef,
            answeredAt: timestamp,
            version: recordVersion,
            review: z
              .object({ reviewedBy: actorRef, reviewedAt: timestamp })
              .strict()
              .optional(),
          }),
        )
        .max(maxRecords, tooMany),
      roles: z
        .array(
          roleInputSchema.extend({
            entityRef: entityRefSchema(),
            roleId: singleLine(z.string().min(1).max(64)),
            source: z.literal('portal'),
            assignedBy: actorRef,
            assignedAt: timestamp,
            version: recordVersion,
          }),
        )
        .max(maxRecords, tooMany),
      // Absent in backups made before cost tables: those leave them as they are.
      costTables: z
        .array(
          costTableSchema.safeExtend({
            entityRef: entityRefSchema(),
            updatedBy: actorRef,
            updatedAt: timestamp,
            version: recordVersion,
          }),
        )
        .max(maxRecords, tooMany)
        .optional(),
      // Restored with `?restore=true` only; absent in backups made before
      // them. Either, when present, replaces every stored one.
      exemptions: z
        .array(importedExemptionSchema)
        .max(maxRecords, tooMany)
        .optional(),
      campaigns: z
        .array(importedCampaignSchema)
        .max(MAX_IMPORTED_CAMPAIGNS)
        .optional(),
    })
    .strict()
    .superRefine((body, ctx) => {
      flagRepeats(ctx, 'answers', body.answers, a => [a.entityRef, a.checkId]);
      flagRepeats(ctx, 'roles', body.roles, r => [r.entityRef, r.roleId]);
      flagRepeats(ctx, 'costTables', body.costTables, c => [c.entityRef]);
    });

  // A restore also writes the exemptions and portal campaigns, which must
  // then hold together as the store keeps them. An import that is not a
  // restore leaves them out, so they do not stop it.
  const importRestoreSchema = importSchema.superRefine((body, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: 'custom', path, message });
    flagRepeats(ctx, 'exemptions', body.exemptions, e => [e.id]);
    // A check has one open exemption at most (pending, or approved and not
    // ended), as the store keeps it.
    flagRepeats(ctx, 'exemptions', body.exemptions, e =>
      e.status !== 'rejected' && !e.endRecordedAt
        ? ['open', e.entityRef, e.checkId]
        : undefined,
    );
    body.exemptions?.forEach((e, i) => {
      // As the routes that decide it take it.
      if (!exemptionIdSchema.safeParse(e.id).success) {
        issue(['exemptions', i, 'id'], 'is not an exemption id');
      }
      const decided = e.status !== 'pending';
      if (decided !== Boolean(e.decidedBy && e.decidedAt)) {
        issue(
          ['exemptions', i, 'decidedBy'],
          decided
            ? `an ${e.status} exemption names who decided it and when`
            : 'a pending exemption is not decided',
        );
      }
      if (!decided && e.decisionNote !== undefined) {
        issue(
          ['exemptions', i, 'decisionNote'],
          'a pending exemption has none',
        );
      }
      if (e.status === 'rejected' && e.endRecordedAt) {
        issue(
          ['exemptions', i, 'endRecordedAt'],
          'a rejected exemption has none',
        );
      }
      for (const key of ['requestedBy', 'decidedBy'] as const) {
        const ref = e[key];
        if (ref !== undefined && !tryNormalizeEntityRef(ref)) {
          issue(['exemptions', i, key], 'must be an entity ref');
        }
      }
    });
    flagRepeats(ctx, 'campaigns', body.campaigns, c => [c.id]);
    body.campaigns?.forEach((c, i) => {
      if (!campaignIdSchema.safeParse(c.id).success) {
        issue(['campaigns', i, 'id'], 'is not a campaign id');
      }
    });
  });
  return { importSchema, importRestoreSchema };
}

/** The bodies of `POST /import` and `POST /import?restore=true` with the default limit. @public */
export const { importSchema, importRestoreSchema } =
  importSchemasWithin(MAX_IMPORTED_RECORDS);

/** `POST /import?restore=true` keeps who answered and reviewed, as in the backup. @public */
export const importQuerySchema = z
  .object({ restore: z.enum(['true', 'false']).default('false') })
  .strict()
  .transform(q => ({ restore: q.restore === 'true' }));
