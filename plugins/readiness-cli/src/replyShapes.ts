import { z } from 'zod';

/*
 * What the CLI reads of the backend's answers, checked before it is used:
 * JSON from another service (`--url` naming the app, a gateway's own
 * error document) fails naming the request instead of a TypeError deep in
 * the report. Only the fields the CLI reads; the rest passes through.
 */

const check = z.object({ id: z.string(), title: z.string() }).passthrough();

/** `GET /model`. */
export const modelReply = z
  .object({
    checks: z.array(check),
    levels: z.array(z.object({ id: z.string() }).passthrough()),
  })
  .passthrough();

/** `GET /entities/:kind/:namespace/:name`. */
export const scorecardReply = z
  .object({
    scorecard: z
      .object({
        entityRef: z.string(),
        score: z.number().nullable(),
        level: z.string().nullable(),
        checks: z.array(
          z.object({ checkId: z.string(), status: z.string() }).passthrough(),
        ),
      })
      .passthrough(),
    stale: z.boolean(),
  })
  .passthrough();

/** `GET /scorecards`: the stored summaries the CLI reads before a push. */
export const scorecardListReply = z
  .object({
    items: z.array(
      z
        .object({
          entityRef: z.string(),
          score: z.number().nullable(),
          level: z.string().nullable(),
        })
        .passthrough(),
    ),
  })
  .passthrough();

/** An entity's part in a campaign, as `--campaign` reports it. */
const campaignPart = z
  .object({
    campaign: z
      .object({ id: z.string(), title: z.string(), deadline: z.string() })
      .passthrough(),
    entity: z
      .object({ status: z.string(), missing: z.array(z.string()) })
      .passthrough(),
  })
  .passthrough();

/** `GET /entity-campaigns`. */
export const entitiesCampaignsReply = z
  .object({
    items: z.array(
      z
        .object({ entityRef: z.string(), campaigns: z.array(campaignPart) })
        .passthrough(),
    ),
  })
  .passthrough();
