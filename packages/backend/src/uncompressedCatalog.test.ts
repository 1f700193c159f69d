/*
 * The readiness backend's catalog service factory, in a backend with the
 * real catalog and the demo organisation: a plugin's catalog reads come
 * back uncompressed with it, and gzip-compressed with the default catalog
 * service of @backstage/plugin-catalog-node (so the check can fail). The
 * catalog is reached through a recording HTTP proxy, which discovery names
 * as the catalog's address.
 */

import {
  AuthService,
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  startTestBackend,
  mockServices,
} from '@backstage/backend-test-utils';
import {
  CatalogService,
  catalogServiceRef,
} from '@backstage/plugin-catalog-node';
import { uncompressedCatalogServiceFactory } from '@prodready/plugin-readiness-backend';
import { MiddlewareFactory } from '@backstage/backend-defaults/rootHttpRouter';
import { ConfigReader } from '@backstage/config';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  DEMO_CATALOG_CONFIG,
  waitForDemoCatalog,
} from './__testUtils__/demoCatalog';

jest.setTimeout(120_000);

/** A reply of the catalog as the proxy sent it. */
interface Seen {
  contentEncoding?: string;
  /** Its size uncompressed. */
  bytes: number;
}

/**
 * An HTTP proxy to the catalog of the backend at `target.port`, recording
 * replies. The test backend's root router has no compression middleware, so
 * the proxy applies that of Backstage's root router (which every backend
 * runs) to what it forwards.
 */
async function startRecordingProxy() {
  const seen: Seen[] = [];
  const target = { port: 0 };
  const compression = MiddlewareFactory.create({
    config: new ConfigReader({}),
    logger: mockServices.logger.mock(),
  }).compression();
  const forward = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const entry: Seen = { bytes: 0 };
    seen.push(entry);
    res.on('finish', () => {
      entry.contentEncoding = res.getHeader('content-encoding') as string;
    });
    const upstream = http.request(
      {
        host: '127.0.0.1',
        port: target.port,
        path: `/api/catalog${req.url}`,
        method: req.method,
        headers: req.headers,
      },
      reply => {
        res.statusCode = reply.statusCode!;
        res.setHeader('content-type', reply.headers['content-type'] ?? '');
        reply.on('data', chunk => (entry.bytes += chunk.length));
        reply.pipe(res);
      },
    );
    req.pipe(upstream);
  };
  const server = http.createServer((req, res) =>
    compression(req as any, res as any, () => forward(req, res)),
  );
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { seen, target, url, close: () => server.close() };
}

/**
 * Starts the catalog with the demo, and a plugin whose catalog service is
 * handed back.
 */
async function startBackend(
  catalogFactory?: typeof uncompressedCatalogServiceFactory,
) {
  const proxy = await startRecordingProxy();
  let probe: { catalog: CatalogService; auth: AuthService } | undefined;
  const backendPort = { port: 0 };
  const backend = await startTestBackend({
    features: [
      require('@backstage/plugin-catalog-backend').default,
      mockServices.rootConfig.factory({
        data: { catalog: DEMO_CATALOG_CONFIG },
      }),
      // The catalog through the proxy; the other plugins as they are.
      createServiceFactory({
        service: coreServices.discovery,
        deps: {},
        factory: () => {
          const urlOf = async (pluginId: string) =>
            pluginId === 'catalog'
              ? proxy.url
              : `http://127.0.0.1:${backendPort.port}/api/${pluginId}`;
          return { getBaseUrl: urlOf, getExternalBaseUrl: urlOf };
        },
      }),
      createBackendPlugin({
        pluginId: 'probe',
        register(env) {
          env.registerInit({
            deps: { catalog: catalogServiceRef, auth: coreServices.auth },
            async init(deps) {
              probe = deps;
            },
          });
        },
      }),
      ...(catalogFactory ? [catalogFactory] : []),
    ],
  });
  backendPort.port = (backend.server.address() as AddressInfo).port;
  proxy.target.port = backendPort.port;
  await waitForDemoCatalog(
    `http://127.0.0.1:${backendPort.port}`,
    mockCredentials.service.header(),
  );
  return {
    ...probe!,
    seen: proxy.seen,
    stop: async () => {
      await backend.stop();
      proxy.close();
    },
  };
}

describe('uncompressedCatalogServiceFactory', () => {
  it("reads the catalog's replies uncompressed, with every method a run uses", async () => {
    const backend = await startBackend(uncompressedCatalogServiceFactory);
    try {
      const credentials = await backend.auth.getOwnServiceCredentials();
      const namesOf = (items: { metadata: { name: string } }[]) =>
        items.map(g => g.metadata.name).sort();
      const readGroups = () =>
        backend.catalog.getEntities(
          { filter: { kind: 'Group' } },
          { credentials },
        );
      // The catalog may still be ingesting the demo organisation: compare
      // the stream with a list read before and after it that agree.
      let groups = await readGroups();
      let streamed = [];
      for (let attempt = 0; attempt < 20; attempt++) {
        streamed = [];
        for await (const page of backend.catalog.streamEntities(
          { filter: { kind: 'Group' }, pageSize: 5 },
          { credentials },
        )) {
          streamed.push(...page);
        }
        const after = await readGroups();
        const settled =
          JSON.stringify(namesOf(after.items)) ===
          JSON.stringify(namesOf(groups.items));
        groups = after;
        if (settled) break;
      }
      const refs = ['group:default/payments-team', 'user:default/nobody'];
      const byRefs = await backend.catalog.getEntitiesByRefs(
        { entityRefs: refs },
        { credentials },
      );
      const facets = await backend.catalog.getEntityFacets(
        { facets: ['kind'] },
        { credentials },
      );

      expect(groups.items.length).toBeGreaterThan(5);
      expect(namesOf(streamed)).toEqual(namesOf(groups.items));
      expect(byRefs.items.map(e => e?.metadata.name)).toEqual([
        'payments-team',
        undefined,
      ]);
      expect(facets.facets.kind.map(f => f.value)).toContain('Component');
      // Large enough to be compressed had the client asked for it.
      expect(backend.seen.some(s => s.bytes > 10_000)).toBe(true);
      expect(backend.seen.map(s => s.contentEncoding)).toEqual(
        backend.seen.map(() => undefined),
      );
    } finally {
      await backend.stop();
    }
  });

  it('is needed: the default catalog service reads them gzip-compressed', async () => {
    const backend = await startBackend();
    try {
      const credentials = await backend.auth.getOwnServiceCredentials();
      await backend.catalog.getEntities(
        { filter: { kind: 'Group' } },
        { credentials },
      );
      expect(backend.seen.map(s => s.contentEncoding)).toContain('gzip');
    } finally {
      await backend.stop();
    }
  });
});
