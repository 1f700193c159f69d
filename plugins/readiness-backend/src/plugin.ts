import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  actionsRegistryServiceRef,
  metricsServiceRef,
} from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  buildReadinessModel,
  catalogDetectors,
  ReadinessCategory,
  ReadinessCheck,
  ReadinessDetector,
  ReadinessEngine,
  NO_LEVEL,
  NOT_ASSESSED,
  parseReadinessModelConfig,
  readinessPermissions,
} from '@prodready/plugin-readiness-common';
import { readinessChecksExtensionPoint } from '@prodready/plugin-readiness-node';
import { registerReadinessActions } from './actions';
import { DatabaseReadinessStore } from './database/DatabaseReadinessStore';
import { readRetention } from './database/snapshotRetention';
import { ReadinessComputation } from './service/ReadinessComputation';
import { FreshnessPass } from './service/freshnessPass';
import {
  CampaignService,
  configCampaigns,
} from './service/campaigns/CampaignService';
import { scheduleCampaignProgress } from './service/campaigns/campaignProgressTask';
import { scheduleFreshnessPass } from './service/freshnessSchedule';
import { readFullRunSchedule } from './service/fullRunSchedule';
import { NotificationSweep } from './service/notifications/NotificationSweep';
import { scheduleNotifications } from './service/notifications/notificationSchedule';
import { FullRunLedger } from './service/fullRunLedger';
import { COMPUTE_TASK_ID, createRouter } from './service/router';
import { ResultPublishers } from './service/resultPublishers';
import { recordExemptionEnds } from './service/exemptions/exemptionDeciders';
import { LAST_RUN_STATE, LastRunState } from './service/lastRunState';
import { ReadinessMetrics, secondsSince } from './service/readinessMetrics';
import {
  createRouteContext,
  RouterOptions,
} from './service/routes/RouteContext';
import { detectorFailureLog } from './service/detectorFailureLog';

/**
 * The readiness backend plugin: stores portal answers and role assignments,
 * precomputes scorecards and organisation rollups, and serves them under
 * `/api/readiness`.
 * @public
 */
export const readinessPlugin = createBackendPlugin({
  pluginId: 'readiness',
  register(env) {
    const categories: ReadinessCategory[] = [];
    const checks: ReadinessCheck[] = [];
    const detectors: ReadinessDetector[] = [];
    // The model is built once, at init: a contribution after it would be
    // silently lost, so it fails instead.
    let initialised = false;
    const whileStarting =
      <T>(what: string, list: T[]) =>
      (...items: T[]) => {
        if (initialised) {
          throw new Error(
            `readiness.checks: ${what} called after the readiness plugin started; call it from your module's init`,
          );
        }
        list.push(...items);
      };
    env.registerExtensionPoint(readinessChecksExtensionPoint, {
      addCategories: whileStarting('addCategories', categories),
      addChecks: whileStarting('addChecks', checks),
      // Ids and checkIds are validated with the model, every problem at once.
      addDetectors: whileStarting('addDetectors', detectors),
    });

    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        scheduler: coreServices.scheduler,
        auditor: coreServices.auditor,
        catalog: catalogServiceRef,
        notifications: notificationService,
        // Before httpRouter is used below: the actions' routes must come
        // ahead of the readiness router, which answers 404 to the rest.
        actionsRegistry: actionsRegistryServiceRef,
        metricsService: metricsServiceRef,
      },
      async init(deps) {
        initialised = true;
        const { config, logger, database, httpRouter, scheduler } = deps;
        const allDetectors = [...catalogDetectors, ...detectors];
        const detectorsByCheck: Record<string, string[]> = {};
        for (const d of catalogDetectors) {
          for (const id of d.checkIds) (detectorsByCheck[id] ??= []).push(d.id);
        }
        // Fails startup with every bad config path and contribution named.
        const model = buildReadinessModel({
          config: config.getOptional('readiness'),
          contributions: { categories, checks, detectorsByCheck, detectors },
          onWarning: message => logger.warn(message),
        });
        const engine = new ReadinessEngine(model, allDetectors, {
          onDetectorFailure: detectorFailureLog(logger),
        });
        // Every config problem fails startup before the migrations run: an
        // upgrade with a mistake in its config leaves the schema as it was,
        // so the previous version can still start.
        const readinessConfig = parseReadinessModelConfig(
          config.getOptional('readiness'),
        );
        // Names a campaign whose target the model lacks.
        const campaignsFromConfig = configCampaigns(
          readinessConfig.campaigns,
          model,
        );
        const schedule = readFullRunSchedule(config);
        const retention = readRetention(config.getOptional('readiness'));
        const publishers = ResultPublishers.fromConfig(config, model);

        const store = await DatabaseReadinessStore.create({ database });
        const metrics = ReadinessMetrics.create(
          deps.metricsService,
          () => store.getState<LastRunState>(LAST_RUN_STATE),
          [...model.levels.map(l => l.id), NO_LEVEL, NOT_ASSESSED],
        );
        const campaigns = new CampaignService({
          store,
          catalog: deps.catalog,
          model,
          credentials: () => deps.auth.getOwnServiceCredentials(),
          fromConfig: campaignsFromConfig,
          logger,
        });
        const computation = new ReadinessComputation({
          campaigns,
          engine,
          store,
          catalog: deps.catalog,
          auth: deps.auth,
          logger,
          retention,
          auditor: deps.auditor,
        });

        deps.permissionsRegistry.addPermissions(readinessPermissions);

        // The ledger tells the freshness pass which full runs ran.
        const ledger = new FullRunLedger(store);
        await scheduler.scheduleTask({
          id: COMPUTE_TASK_ID,
          ...schedule,
          fn: async signal => {
            const started = performance.now();
            let state: LastRunState | undefined;
            try {
              // Ended exemptions go to the history and the auditor first:
              // timed with the run, which fails with them.
              await recordExemptionEnds(
                { store, auditor: deps.auditor, logger },
                new Date(),
              );
              state = await ledger.track(() => computation.runFull({ signal }));
            } finally {
              metrics.fullRunFinished(secondsSince(started), state);
            }
          },
        });
        await scheduleFreshnessPass({
          scheduler,
          config: config.getOptional('readiness'),
          pass: new FreshnessPass({
            engine,
            store,
            computation,
            catalog: deps.catalog,
            auth: deps.auth,
            logger,
          }),
          fullRunTaskId: COMPUTE_TASK_ID,
          logger,
        });

        await scheduleCampaignProgress({ scheduler, campaigns });

        const notificationsConfig = readinessConfig.notifications;
        await scheduleNotifications({
          scheduler,
          config: notificationsConfig,
          sweep: new NotificationSweep({
            engine,
            store,
            catalog: deps.catalog,
            auth: deps.auth,
            model,
            config: notificationsConfig,
            notifications: deps.notifications,
            campaigns: () => campaigns.list(),
            recordExemptionEnds: now =>
              recordExemptionEnds(
                { store, auditor: deps.auditor, logger },
                now,
              ),
            logger,
            metrics,
          }),
          logger,
        });

        const routerOptions: RouterOptions = {
          logger,
          auth: deps.auth,
          httpAuth: deps.httpAuth,
          permissions: deps.permissions,
          auditor: deps.auditor,
          catalog: deps.catalog,
          scheduler,
          store,
          engine,
          computation,
          campaigns,
          publishers,
          exemptions: readinessConfig.exemptions,
          backup: readinessConfig.backup,
          metrics,
        };
        httpRouter.use(await createRouter(routerOptions));
        // The actions share the routes' authorisation, validation and code.
        registerReadinessActions(
          deps.actionsRegistry,
          createRouteContext(routerOptions),
        );
        // Liveness and readiness probes carry no credentials.
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
        logger.info(
          `Readiness model: ${model.checks.length} checks in ${model.categories.length} categories, ${model.roles.length} roles`,
        );
      },
    });
  },
});
