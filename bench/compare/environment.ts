/*
 * What the bench tells its backends (one environment variable of JSON), and
 * the backend configuration they share: ports, the scratch databases on
 * PostgreSQL, discovery of one another, and the static token the bench's
 * requests carry. Pure (no imports), shared with the Tech Insights host.
 */

export interface BenchEnvironment {
  ports: { catalog: number; readiness: number; techInsights: number };
  postgres: { host: string; port: number; user: string };
  /** Every plugin database is `<prefix><pluginId>`; the bench drops them all at the end. */
  databasePrefix: string;
  /** A static external-access token: the bench calls both sides as this service. */
  token: string;
  /** The catalog host loads the organisation from this JSON file. */
  organisationFile: string;
}

export const ENV_VARIABLE = 'BENCH_COMPARE_ENV';

export function readEnvironment(): BenchEnvironment {
  const raw = process.env[ENV_VARIABLE];
  if (!raw)
    throw new Error(`${ENV_VARIABLE} is not set: run npm run bench:compare`);
  return JSON.parse(raw);
}

const url = (port: number) => `http://127.0.0.1:${port}`;

export const baseUrls = (env: BenchEnvironment) => ({
  catalog: `${url(env.ports.catalog)}/api/catalog`,
  readiness: `${url(env.ports.readiness)}/api/readiness`,
  techInsights: `${url(env.ports.techInsights)}/api/tech-insights`,
});

/** The configuration of one bench backend, listening on `port`. */
export function backendConfig(env: BenchEnvironment, port: number) {
  return {
    backend: {
      baseUrl: url(port),
      listen: { host: '127.0.0.1', port },
      database: {
        client: 'pg',
        connection: { ...env.postgres },
        prefix: env.databasePrefix,
      },
      auth: {
        externalAccess: [
          {
            type: 'static',
            options: { token: env.token, subject: 'bench-compare' },
          },
        ],
      },
    },
    // Each backend finds the others' plugins (and their token keys) here.
    discovery: {
      endpoints: [
        {
          target: `${url(env.ports.catalog)}/api/{{pluginId}}`,
          plugins: ['catalog'],
        },
        {
          target: `${url(env.ports.readiness)}/api/{{pluginId}}`,
          plugins: ['readiness'],
        },
        {
          target: `${url(env.ports.techInsights)}/api/{{pluginId}}`,
          plugins: ['tech-insights'],
        },
      ],
    },
  };
}
