import { Server } from 'http';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  BackstageCredentials,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { Knex } from 'knex';
import request from 'supertest';
import { readinessPlugin } from '../plugin';
import { smallOrg } from './entities';

/*
 * A readiness backend for route tests: the real plugin on the test backend,
 * with a policy like the demo's, a recording auditor and the in-memory catalog.
 */

export const alice = mockCredentials.user.header('user:default/alice');
export const bob = mockCredentials.user.header('user:default/bob');
export const carol = mockCredentials.user.header('user:default/carol');
/** A user the policy lets do nothing with readiness data, not even read it. */
export const dave = mockCredentials.user.header('user:default/dave');
export const ci = mockCredentials.service.header({
  onBehalfOf: mockCredentials.service('ci'),
  targetPluginId: 'readiness',
});
export const base = '/api/readiness';
export const cart = `${base}/entities/component/default/cart`;

/**
 * The catalog's decision on reading entities, per user: unconditional by
 * default (everyone reads everything), as under the demo's policy.
 */
export type CatalogReadPolicy = (
  userEntityRef: string | undefined,
) => 'allow' | 'deny' | 'conditional';

/** A conditional decision on catalog entities (reads, owners' writes), which only the catalog can apply. */
const CATALOG_CONDITIONS: PolicyDecision = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions: {
    rule: 'IS_ENTITY_OWNER',
    resourceType: 'catalog-entity',
    params: { claims: [] },
  },
};

/** The writes owners may make to their own entities. */
const WRITES = ['readiness.answer.update', 'readiness.role.update'];

/** A user the policy lets do nothing with readiness data, whatever the entity. */
const OUTSIDER = 'user:default/dave';

/** A policy like the demo's: alice owns team-a's entities, carol administers, everyone reads. */
export function permissionsFor(
  entities: Entity[],
  catalogRead: CatalogReadPolicy = () => 'allow',
) {
  const ownerOf = new Map(
    entities.map(e => [
      `${e.kind}:default/${e.metadata.name}`.toLocaleLowerCase(),
      e.spec?.owner,
    ]),
  );
  return mockServices.permissions.mock({
    authorizeConditional: async (
      requests: any[],
      options: { credentials: BackstageCredentials },
    ) =>
      requests.map(r => {
        const principal = options.credentials.principal as any;
        if (principal.type === 'service') {
          return { result: AuthorizeResult.ALLOW };
        }
        if (r.permission.name.startsWith('readiness.')) {
          // Owners' writes are decided per entity, by `authorize` below.
          const user = principal.userEntityRef;
          if (user === 'user:default/carol') {
            return { result: AuthorizeResult.ALLOW };
          }
          return user !== OUTSIDER && WRITES.includes(r.permission.name)
            ? CATALOG_CONDITIONS
            : { result: AuthorizeResult.DENY };
        }
        if (r.permission.name !== 'catalog.entity.read') {
          throw new Error(`unexpected conditional ${r.permission.name}`);
        }
        const decision = catalogRead(principal.userEntityRef);
        if (decision === 'conditional') return CATALOG_CONDITIONS;
        return {
          result:
            decision === 'allow' ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      }),
    authorize: async (
      requests: any[],
      options: { credentials: BackstageCredentials },
    ) =>
      requests.map(r => {
        const principal = options.credentials.principal as any;
        if (principal.type === 'service')
          return { result: AuthorizeResult.ALLOW };
        const user = principal.userEntityRef;
        const name: string = r.permission.name;
        if (user === OUTSIDER) return { result: AuthorizeResult.DENY };
        if (name === 'readiness.scorecard.read')
          return { result: AuthorizeResult.ALLOW };
        if (user === 'user:default/carol')
          return { result: AuthorizeResult.ALLOW };
        if (WRITES.includes(name) && user === 'user:default/alice') {
          return {
            result:
              ownerOf.get(r.resourceRef) === 'team-a'
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY,
          };
        }
        return { result: AuthorizeResult.DENY };
      }),
  });
}

/** Records what the plugin audits: event ids with their meta and outcome. */
export function recordingAuditor() {
  const events: {
    eventId: string;
    meta?: object;
    outcome?: string;
    severityLevel?: string;
    /** The error a failure was recorded with, as the auditor gets it. */
    error?: Error;
  }[] = [];
  const auditor = mockServices.auditor.mock({
    createEvent: async options => {
      const event: (typeof events)[number] = {
        eventId: options.eventId,
        meta: options.meta,
        severityLevel: options.severityLevel,
      };
      events.push(event);
      return {
        success: async result => {
          event.meta = { ...event.meta, ...result?.meta };
          event.outcome = 'success';
        },
        fail: async result => {
          event.meta = { ...event.meta, ...result.meta };
          event.outcome = 'failure';
          event.error = result.error;
        },
      };
    },
  });
  return { events, factory: auditor.factory, auditor };
}

/** Options of {@link startBackend}; each part defaults to the usual test one. */
export interface TestBackendOptions {
  entities?: Entity[];
  /** A database to run on (SQLite in memory by default). */
  knex?: Knex;
  config?: JsonObject;
  /** Replaces the in-memory catalog. */
  catalog?: ServiceFactory;
  /** The catalog's read decisions; everyone reads everything by default. */
  catalogRead?: CatalogReadPolicy;
  /** Replaces the permissions of {@link permissionsFor} (and `catalogRead`). */
  permissions?: ReturnType<typeof permissionsFor>;
  /** Replaces the test backend's scheduler. */
  scheduler?: ServiceFactory;
  /** Replaces the test backend's HTTP auth (credentials of requests without a token, say). */
  httpAuth?: ServiceFactory;
}

export async function startBackend(options: TestBackendOptions = {}): Promise<{
  api: ReturnType<typeof request>;
  audit: ReturnType<typeof recordingAuditor>['events'];
  /** The backend's HTTP server, for a client that supertest cannot be (one that goes away). */
  server: Server;
}> {
  const entities = options.entities ?? smallOrg();
  const auditor = recordingAuditor();
  const { server } = await startTestBackend({
    features: [
      readinessPlugin,
      options.catalog ?? catalogServiceMock.factory({ entities }),
      (options.permissions ?? permissionsFor(entities, options.catalogRead))
        .factory,
      auditor.factory,
      ...(options.knex
        ? [mockServices.database.factory({ knex: options.knex })]
        : []),
      ...(options.config
        ? [mockServices.rootConfig.factory({ data: options.config })]
        : []),
      ...(options.scheduler ? [options.scheduler] : []),
      ...(options.httpAuth ? [options.httpAuth] : []),
    ],
  });
  return { api: request(server), audit: auditor.events, server };
}
