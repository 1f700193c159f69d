import { z } from 'zod';
import { entityRefSchema } from '../api/requests';
import {
  isoDaySchema as day,
  plainTextSchema,
  singleLine,
} from '../validation';

/*
 * Campaigns (initiatives): a set of entities chosen by a filter asked to
 * reach a target (a level, or a list of checks met) by a deadline. Portal
 * campaigns are stored and versioned like answers; campaigns under
 * `readiness.campaigns` in app-config are read-only.
 */

const simpleId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9-]{0,62}$/,
    'must be lower-case letters, digits and dashes',
  );
const list = <T extends z.ZodType>(item: T) =>
  z.array(item).min(1).max(100).optional();

/** A portal campaign's id (a UUID) or an app-config campaign's. @public */
export const campaignIdSchema = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9-]{0,63}$/, 'is not a campaign id');

/**
 * A catalog tag, matched in any case as the catalog's filter matches it. Its
 * grammar is the catalog's to enforce (an install may change it).
 */
const tagSchema = singleLine(z.string().trim().min(1).max(63));

/** Which entities a campaign asks; every given criterion must hold. @public */
export const campaignFilterSchema = z
  .strictObject({
    kinds: list(
      z
        .string()
        .regex(/^[a-zA-Z][a-zA-Z0-9]{0,62}$/, 'is not a valid entity kind')
        .transform(k => k.toLowerCase()),
    ),
    /** Owning groups; an entity owned by a descendant group counts too. */
    owners: list(entityRefSchema('group')),
    systems: list(entityRefSchema('system')),
    domains: list(entityRefSchema('domain')),
    lifecycles: list(singleLine(z.string().min(1).max(64))),
    tags: list(tagSchema),
  })
  .prefault({});

/**
 * What a campaign asks: a level reached, or every listed check met (or not
 * applicable, or exempt); exactly one of the two.
 * @public
 */
export const campaignTargetSchema = z
  .strictObject({
    level: z.string().min(1).max(40).optional(),
    checks: z.array(z.string().min(1).max(64)).min(1).max(100).optional(),
  })
  .refine(t => (t.level === undefined) !== (t.checks === undefined), {
    message: 'must name either a level or checks, not both',
  });

const definitionShape = {
  title: plainTextSchema(120).pipe(z.string().min(1, 'must not be empty')),
  description: plainTextSchema(2000).optional(),
  filter: campaignFilterSchema,
  target: campaignTargetSchema,
  /** When the campaign starts (its start notice); defaults to the day it is created. */
  startDate: day.optional(),
  deadline: day,
};

const startBeforeDeadline = (c: { startDate?: string; deadline: string }) =>
  !c.startDate || c.startDate <= c.deadline;
const startMessage = {
  message: 'must not be after the deadline',
  path: ['startDate'],
};

/** The body of `POST /campaigns` and `PUT /campaigns/:id` (with the version seen). @public */
export const campaignInputSchema = z
  .strictObject({
    ...definitionShape,
    version: z.number().int().min(0).optional(),
  })
  .refine(startBeforeDeadline, startMessage);

/** @public */
export type CampaignInput = z.infer<typeof campaignInputSchema>;

/**
 * A campaign in `readiness.campaigns` of app-config: the same fields, an id,
 * and a start date that is required: the start notice is keyed on it, so it
 * must not move when the backend restarts on another day.
 * @public
 */
export const campaignConfigSchema = z
  .strictObject({ id: simpleId, ...definitionShape, startDate: day })
  .refine(startBeforeDeadline, startMessage);

/** `readiness.campaigns`, ids unique. @public */
export const campaignsConfigSchema = z
  .array(campaignConfigSchema)
  .max(200)
  .superRefine((campaigns, ctx) => {
    const seen = new Set<string>();
    campaigns.forEach((c, i) => {
      if (seen.has(c.id)) {
        ctx.addIssue({
          code: 'custom',
          path: [i, 'id'],
          message: `'${c.id}' is used by another campaign`,
        });
      }
      seen.add(c.id);
    });
  });

/** @public */
export type CampaignFilter = z.infer<typeof campaignFilterSchema>;
/** @public */
export type CampaignTarget = z.infer<typeof campaignTargetSchema>;

/** A campaign, from the portal (stored, versioned) or from app-config (read-only). @public */
export interface Campaign {
  id: string;
  title: string;
  description?: string;
  filter: CampaignFilter;
  target: CampaignTarget;
  startDate: string;
  deadline: string;
  source: 'portal' | 'config';
  /** Portal campaigns: the version a write must name; config campaigns: 0. */
  version: number;
  createdBy?: string;
  updatedBy?: string;
  updatedAt?: string;
}

/** Where an entity stands in a campaign; `overdue` is not done after the deadline. @public */
export type CampaignEntityStatus = 'done' | 'not-done' | 'overdue';

/** How far a campaign (or one group's part of it) is. @public */
export interface CampaignCounts {
  total: number;
  done: number;
  /** Not done and past the deadline (0 before it). */
  overdue: number;
}

/** A campaign with its precomputed progress. @public */
export interface CampaignSummary extends Campaign {
  progress: CampaignCounts & {
    computedAt?: string;
    /**
     * True while the progress is being computed after the campaign was
     * created or changed what it asks: the counts are those from before
     * the change (none for a new campaign) until then.
     */
    pending?: boolean;
  };
  /** Past the deadline with entities not done. */
  overdue: boolean;
}

/** A group's part of a campaign: the entities it and its descendant groups own. @public */
export interface CampaignGroupProgress extends CampaignCounts {
  groupRef: string;
  parent?: string;
  /** How many of its sub-teams have entities in the campaign (`GET /campaigns/:id/groups?parent=` lists them). */
  children: number;
}

/** One day of a campaign's burn-up. @public */
export interface CampaignHistoryPoint {
  day: string;
  total: number;
  done: number;
}

/** An entity's place in a campaign and what it still needs. @public */
export interface CampaignEntityProgress {
  campaignId: string;
  entityRef: string;
  title?: string;
  owner?: string;
  status: CampaignEntityStatus;
  /** Check ids still to be met (for a level target: the gate checks up to it). */
  missing: string[];
  /** For a level target: the level the entity has now. */
  level?: string | null;
}

/** `GET /campaigns`. @public */
export interface CampaignListResponse {
  items: CampaignSummary[];
}

/** `GET /campaigns/:id`: the teams are paged apart ({@link CampaignGroupsResponse}). @public */
export interface CampaignDetailResponse {
  campaign: CampaignSummary;
  history: CampaignHistoryPoint[];
}

/** `GET /campaigns/:id/groups`: a page of the top-level teams, or of one team's sub-teams. @public */
export interface CampaignGroupsResponse {
  items: CampaignGroupProgress[];
  totalCount: number;
}

/** `GET /campaigns/:id/entities`. @public */
export interface CampaignEntitiesResponse {
  items: CampaignEntityProgress[];
  totalCount: number;
}

/** `GET /entities/:kind/:namespace/:name/campaigns`: the campaigns an entity is part of. @public */
export interface EntityCampaignsResponse {
  items: { campaign: CampaignSummary; entity: CampaignEntityProgress }[];
}

/** The most entities one `GET /entity-campaigns` asks about. @public */
export const ENTITY_CAMPAIGNS_MAX = 25;

/** `GET /entity-campaigns?entityRef=`: one or more entities, refs without a kind read as components. @public */
export const entityCampaignsQuerySchema = z.strictObject({
  entityRef: z
    .union([
      entityRefSchema('component'),
      z.array(entityRefSchema('component')).min(1).max(ENTITY_CAMPAIGNS_MAX),
    ])
    .transform(v => [...new Set([v].flat())]),
});

/**
 * `GET /entity-campaigns`: for each entity asked about that the catalog
 * holds and the caller may read, the campaigns it is part of, as
 * `GET /entities/.../campaigns` gives them; the others are left out.
 * @public
 */
export interface EntitiesCampaignsResponse {
  items: { entityRef: string; campaigns: EntityCampaignsResponse['items'] }[];
}

/** `GET /campaigns/:id/entities` query. @public */
export const campaignEntitiesQuerySchema = z
  .strictObject({
    status: z.enum(['done', 'not-done', 'all']).default('not-done'),
    owner: entityRefSchema('group').optional(),
    limit: z.coerce.number().int().min(1).max(5000).default(100),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .prefault({});

/**
 * `GET /campaigns/:id/groups` query: without `parent`, the top-level teams
 * (those whose parent has no entities in the campaign); with it, that
 * team's sub-teams. In ref order. @public
 */
export const campaignGroupsQuerySchema = z
  .strictObject({
    parent: entityRefSchema('group')
      .refine(ref => ref.startsWith('group:'), 'is not a group')
      .optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  })
  .prefault({});

/** `GET /campaigns` query: with `group`, only the campaigns that group has entities in, counted for it. @public */
export const campaignListQuerySchema = z
  .strictObject({
    group: entityRefSchema('group').optional(),
    open: z.enum(['true', 'false']).optional(),
  })
  .prefault({});

/** The status of an entity from whether it is done and the deadline. @public */
export function campaignEntityStatus(
  done: boolean,
  deadline: string,
  today: string,
): CampaignEntityStatus {
  if (done) return 'done';
  return today > deadline ? 'overdue' : 'not-done';
}

/** Counts with `overdue` from the deadline. @public */
export function campaignCounts(
  total: number,
  done: number,
  deadline: string,
  today: string,
): CampaignCounts {
  return { total, done, overdue: today > deadline ? total - done : 0 };
}
