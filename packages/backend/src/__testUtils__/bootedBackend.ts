/*
 * Boots packages/backend as a child process, the way a deployment runs it,
 * on PostgreSQL, and reads the databases it made (production.test.ts).
 */

import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { JsonObject } from '@backstage/types';

// pg ships no types and @types/pg is not installed; this is all the test uses.
interface PgClient {
  connect(): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<{ rows: any[] }>;
  end(): Promise<void>;
}
const { Client } = require('pg') as {
  Client: new (options: { connectionString: string }) => PgClient;
};

const ROOT = path.resolve(__dirname, '../../../..');
export const BOOT_TIMEOUT_MS = 150_000;

export function postgresUrl(): string | undefined {
  const key = Object.keys(process.env)
    .filter(k =>
      /^BACKSTAGE_TEST_DATABASE_POSTGRES\d+_CONNECTION_STRING$/.test(k),
    )
    .sort()
    .pop();
  return key ? process.env[key] : undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/** A backend child process started from packages/backend/src/index.ts. */
export interface BootedBackend {
  baseUrl: string;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Starts packages/backend with the given config files (paths relative to the
 * repository root), then an overlay that only picks a free port on
 * 127.0.0.1 and the database prefix, then the test's own `overlay` (config
 * files merge key by key, each over the ones before), and waits until it
 * is ready.
 */
export async function bootBackend(options: {
  pgUrl: string;
  configs: string[];
  overlay?: JsonObject;
  databasePrefix: string;
}): Promise<BootedBackend> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const dir = mkdtempSync(path.join(tmpdir(), 'readiness-prod-test-'));
  // JSON is YAML: the config loader reads these as it reads app-config files.
  const overlays = [
    {
      app: { baseUrl },
      backend: {
        baseUrl,
        listen: `127.0.0.1:${port}`,
        database: { prefix: options.databasePrefix },
      },
    },
    options.overlay ?? {},
  ].map((overlay, i) => {
    const file = path.join(dir, `app-config.test-${i}.yaml`);
    writeFileSync(file, JSON.stringify(overlay, null, 2));
    return file;
  });
  const url = new URL(options.pgUrl);
  const nodeTransform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
    { paths: [path.dirname(require.resolve('@backstage/cli/package.json'))] },
  );
  const args = [
    '--enable-source-maps',
    '--require',
    nodeTransform,
    'src/index.ts',
    ...options.configs.flatMap(c => ['--config', path.join(ROOT, c)]),
    ...overlays.flatMap(file => ['--config', file]),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: path.resolve(__dirname, '../..'),
    env: {
      // Config comes from the files above only: no APP_CONFIG_* overrides
      // or BACKSTAGE_ENV from the environment the tests run in.
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          ([key]) => !/^(APP_CONFIG_|BACKSTAGE_ENV$)/.test(key),
        ),
      ),
      NODE_ENV: 'production',
      POSTGRES_HOST: url.hostname,
      POSTGRES_PORT: url.port || '5432',
      POSTGRES_USER: decodeURIComponent(url.username) || 'postgres',
      POSTGRES_PASSWORD: decodeURIComponent(url.password),
      ESBK_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', d => (output += d));
  child.stderr!.on('data', d => (output += d));
  const exited = new Promise<void>(resolve =>
    child.once('exit', () => resolve()),
  );

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + BOOT_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`The backend exited during start-up:\n${output}`);
    }
    const ready = await fetch(`${baseUrl}/.backstage/health/v1/readiness`)
      .then(r => r.ok)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The backend did not become ready:\n${output}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
  return { baseUrl, log: () => output, stop };
}

/** Runs one query against a database of the PostgreSQL server. */
export async function query<T = any>(
  pgUrl: string,
  database: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new Client({ connectionString: `${pgUrl}/${database}` });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Drops the databases a boot created under its prefix. */
export async function dropDatabases(pgUrl: string, prefix: string) {
  const rows = await query<{ datname: string }>(
    pgUrl,
    'postgres',
    'SELECT datname FROM pg_database WHERE datname LIKE $1',
    [`${prefix.replace(/_/g, '\\_')}%`],
  );
  for (const { datname } of rows) {
    await query(
      pgUrl,
      'postgres',
      `DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`,
    );
  }
}

/**
 * Waits until the catalog has stitched an entity, read from its database
 * (the production shape has no token a test could ask the catalog with),
 * and returns its uid.
 */
export async function waitForEntity(
  pgUrl: string,
  prefix: string,
  ref: string,
) {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const rows = await query<{ entity_id: string }>(
      pgUrl,
      `${prefix}catalog`,
      'SELECT entity_id FROM final_entities WHERE entity_ref = $1 AND final_entity IS NOT NULL',
      [ref],
    ).catch(() => []);
    if (rows.length) return rows[0].entity_id;
    if (Date.now() > deadline) {
      throw new Error(`The catalog did not ingest ${ref}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

export const uniquePrefix = (name: string) =>
  `readiness_${name}_${process.pid}_${Date.now()}_`;
