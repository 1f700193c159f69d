import { z } from 'zod';
import { configBoolean, configNumber } from './configScalars';

/*
 * `readiness.notifications`: which notices the backend sends through
 * Backstage's notifications plugin, and how often it looks. Each kind of
 * notice has its own key with at least `enabled`; a kind added later (a
 * campaign's reminders, an exemption's approval) adds its key here.
 */

const kind = z.strictObject({ enabled: configBoolean().default(true) });
/** Days of notice before an event, 1–365. */
const daysBefore = (days: number) =>
  configNumber(z.number().int().min(1).max(365)).default(days);

/** @public */
export const notificationsConfigSchema = z
  .strictObject({
    /** False sends nothing at all (and schedules no task). */
    enabled: configBoolean().default(true),
    /** Minutes between two evaluations (one instance at a time). */
    intervalMinutes: configNumber(z.number().int().min(1).max(1440)).default(
      60,
    ),
    /** An answer that expires within `daysBefore` days. */
    answerExpiring: kind.extend({ daysBefore: daysBefore(14) }).prefault({}),
    /** An answer that has expired. */
    answerExpired: kind.prefault({}),
    /** An entity below the level it had (or a production entity below the gate). */
    levelDrop: kind.prefault({}),
    /** A role holder who is no longer in the catalog. */
    roleHolderGone: kind.prefault({}),
    /** A required role nobody holds. */
    roleUnassigned: kind.prefault({}),
    /** A campaign started: to the owners of the entities it asks. */
    campaignStart: kind.prefault({}),
    /** A campaign's deadline within `daysBefore` days: to owners of entities not done. */
    campaignReminder: kind.extend({ daysBefore: daysBefore(7) }).prefault({}),
    /** A campaign past its deadline: to owners of entities not done. */
    campaignOverdue: kind.prefault({}),
    /** An exemption requested: to those who may approve it. */
    exemptionRequested: kind.prefault({}),
    /** An exemption approved or rejected: to its requester. */
    exemptionDecided: kind.prefault({}),
    /** An exemption in force that ends within `daysBefore` days: to the owner. */
    exemptionEnding: kind.extend({ daysBefore: daysBefore(14) }).prefault({}),
  })
  .prefault({});

/** The parsed `readiness.notifications`, defaults filled in. @public */
export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;
