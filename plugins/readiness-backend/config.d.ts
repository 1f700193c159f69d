import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** Configuration of the readiness scorecards. */
  readiness?: {
    /**
     * How often the whole catalog is scored and rolled up. Each key left out
     * keeps its default: every 30 minutes, a 15 minute timeout, 20 seconds
     * after the backend starts. The frequency (unless a cron expression) and
     * the timeout are at least a minute, and the scope is global: the
     * backend refuses to start otherwise.
     */
    schedule?: Partial<SchedulerServiceTaskScheduleDefinitionConfig>;
    /**
     * The frequent pass between full runs: it reads only refs and etags from
     * the catalog and scores again what changed, so an edit reaches its
     * scorecard and rollups within the interval plus the pass's own time.
     * Defaults and bounds are those of the common package's config schema.
     */
    freshness?: {
      /** Default true; false leaves catalog edits to the full run. */
      enabled?: boolean;
      /** Seconds between passes, 10–3600. Default 60. */
      intervalSeconds?: number;
    };
    /**
     * Notices sent through Backstage's notifications plugin (install
     * `@backstage/plugin-notifications-backend`), evaluated by a scheduled
     * task on one instance at a time; each is sent once. Defaults and bounds
     * are those of the common package's config schema.
     */
    notifications?: {
      /** Default true; false sends nothing. */
      enabled?: boolean;
      /** Minutes between evaluations, 1–1440. Default 60. */
      intervalMinutes?: number;
      /** An answer that expires soon, to the owner and the check's responsible role holders. */
      answerExpiring?: {
        enabled?: boolean;
        /** Days before the expiry date, 1–365. Default 14. */
        daysBefore?: number;
      };
      /** An answer that has expired, to the owner and the check's responsible role holders. */
      answerExpired?: { enabled?: boolean };
      /** An entity below the level it had yesterday (or a production entity below the gate), to the owner. */
      levelDrop?: { enabled?: boolean };
      /** A role holder who has left the catalog, to the owner. */
      roleHolderGone?: { enabled?: boolean };
      /** A required role nobody holds, to the owner. */
      roleUnassigned?: { enabled?: boolean };
      /** A campaign started, to the owners of the entities it asks. */
      campaignStart?: { enabled?: boolean };
      /** A campaign's deadline is near, to owners of entities not done. */
      campaignReminder?: {
        enabled?: boolean;
        /** Days before the deadline, 1–365. Default 7. */
        daysBefore?: number;
      };
      /** A campaign is past its deadline, to owners of entities not done. */
      campaignOverdue?: { enabled?: boolean };
      /** An exemption requested, to the holders of the check's responsible roles (who may approve). */
      exemptionRequested?: { enabled?: boolean };
      /** An exemption approved or rejected, to its requester. */
      exemptionDecided?: { enabled?: boolean };
      /** An approved exemption that ends soon, to the owner. */
      exemptionEnding?: {
        enabled?: boolean;
        /** Days before the end date, 1–365. Default 14. */
        daysBefore?: number;
      };
    };
    /** Exemptions (waivers) of failing checks; validated at startup. */
    exemptions?: {
      /** The longest exemption a request may ask for, in days (1–3650). Default 180. */
      maxDays?: number;
    };
    /**
     * Campaigns defined as code: shown with the portal's, read-only there.
     * Validated at startup (a target level or check the model lacks fails it).
     */
    campaigns?: Array<{
      /** Lower-case letters, digits and dashes; unique. */
      id: string;
      title: string;
      description?: string;
      /** Every criterion given must hold; owners include descendant groups. */
      filter?: {
        kinds?: string[];
        owners?: string[];
        systems?: string[];
        domains?: string[];
        lifecycles?: string[];
        tags?: string[];
      };
      /** Exactly one: a level reached, or checks met (or N/A, or exempt). */
      target: { level?: string; checks?: string[] };
      /** YYYY-MM-DD: when the campaign starts (and its start notice is sent). */
      startDate: string;
      /** YYYY-MM-DD. */
      deadline: string;
    }>;
    /**
     * What `POST /api/readiness/import` takes at most. A backup of an
     * organisation with more answers or roles than the defaults needs more:
     * `GET /export` sends whatever is stored. Defaults and bounds are those
     * of the common package's config schema.
     */
    backup?: {
      /** Answers, roles, cost tables and exemptions, each, 1–2,000,000. Default 100,000. */
      maxImportRecords?: number;
      /** The body, in megabytes, 1–256. Default 32. The backend holds it, parsed, while it imports. */
      maxImportMegabytes?: number;
    };
    /** Results pushed by pipelines and services (`POST /api/readiness/results`). */
    results?: {
      /**
       * When set, only these service subjects may push (or delete) results,
       * each optionally for some checks only: a check id, or a category id
       * followed by `.*` (`recoverability.*`: the checks of that category,
       * overrides included, whatever their ids). Without it, any service the
       * permission policy allows `readiness.result.create` may push for any check.
       */
      publishers?: Array<{ subject: string; checks?: string[] }>;
    };
    /**
     * The overall maximum age of a score snapshot, in days: an alias of
     * `retention.snapshots.monthlyDays`. Setting both is an error.
     * @deprecated Use `readiness.retention.snapshots.monthlyDays` instead.
     */
    snapshotRetentionDays?: number;
    /** How long score snapshots, history and the records of entities gone from the catalog are kept. Applied by the full run. */
    retention?: {
      /**
       * Score snapshots (trends, asOf): every day up to `dailyDays` old, then
       * the latest day of each ISO week up to `weeklyDays` old, then the
       * latest day of each month up to `monthlyDays` old; older ones are
       * deleted. Positive integers, dailyDays ≤ weeklyDays ≤ monthlyDays.
       */
      snapshots?: {
        /** Default 90. */
        dailyDays?: number;
        /** Default 365. */
        weeklyDays?: number;
        /** Default 1825 (five years). */
        monthlyDays?: number;
      };
      /**
       * Days of answer, role, result, cost-table and exemption history to
       * keep; older entries are deleted by the full run. Default: kept forever.
       */
      historyDays?: number;
      /**
       * Days after which the answers, roles, pushed results, cost tables and
       * exemptions of an entity the catalog no longer has are deleted,
       * counted from the first daily check that found it gone. Default: kept
       * until deleted by hand.
       */
      departedDays?: number;
      /**
       * Days an exemption is kept after it ended, lapsed or was rejected;
       * older ones are deleted by the full run (their history entries stay
       * until `historyDays`). Open ones are never deleted. Default: kept
       * forever.
       */
      exemptionDays?: number;
      /**
       * Days a campaign made in the portal is kept after its deadline; older
       * ones are deleted by the full run with their progress and burn-up.
       * Campaigns of app-config are not. Default: kept forever.
       */
      campaignDays?: number;
    };
    /**
     * Level a `production` entity must reach; `false` for no lifecycle gate.
     * Defaults to the lowest level.
     */
    minimumProductionLevel?: string | false;
    /**
     * Checks that must apply (not N/A) to an entity for it to be assessed and
     * given a level; with fewer it is "not assessed". Default 1, so an entity
     * whose every check is N/A has no level; 0 lets it reach every level.
     * At most the number of checks that apply to each kind.
     */
    minimumApplicableChecks?: number;
    /** Replaces the default levels (Bronze, Silver, Gold; not `none` or `not-assessed`), lowest first. */
    levels?: Array<{ id: string; title: string; description?: string }>;
    /** Additional categories for custom checks. */
    categories?: Array<{ id: string; title: string; description: string }>;
    checks?: {
      /** Ids of checks to drop. */
      disabled?: string[];
      /** Changes to checks by id. */
      overrides?: {
        [checkId: string]: {
          category?: string;
          title?: string;
          question?: string;
          guidance?: string;
          weight?: number;
          gate?: boolean;
          level?: string;
          appliesTo?: string[];
          expiresAfterDays?: number;
          roles?: string[];
          /**
           * Stages the check: before this date (`YYYY-MM-DD`, from midnight
           * UTC) it is "upcoming", shown with its would-be status and counted
           * in no score or level; the organisation page previews its impact.
           */
          effectiveFrom?: string;
        };
      };
      /** Additional checks. */
      custom?: Array<{
        id: string;
        category: string;
        title: string;
        question: string;
        guidance?: string;
        weight?: number;
        gate?: boolean;
        level?: string;
        appliesTo?: string[];
        expiresAfterDays?: number;
        roles?: string[];
        /** Stages the check until this date (`YYYY-MM-DD`); see the overrides. */
        effectiveFrom?: string;
      }>;
    };
    roles?: {
      disabled?: string[];
      overrides?: {
        [roleId: string]: {
          title?: string;
          responsibility?: string;
          required?: boolean;
          /**
           * Required only of entities marked by one of the annotations
           * (value "true") or tags, and not of those answering one of the
           * checks as not applicable; false: of every entity.
           */
          requiredWhen?:
            | false
            | {
                annotations?: string[];
                tags?: string[];
                unlessNotApplicable?: string[];
              };
        };
      };
      custom?: Array<{
        id: string;
        title: string;
        responsibility: string;
        required?: boolean;
        requiredWhen?:
          | false
          | {
              annotations?: string[];
              tags?: string[];
              unlessNotApplicable?: string[];
            };
      }>;
    };
  };
}
