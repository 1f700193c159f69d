/*
 * Seeds the readiness database of a demo portal with the synthetic
 * organisation of the backend benchmark (default 100,000 scored entities in
 * ~2,000 groups), so the organisation page can be measured at scale without
 * loading those entities into the real catalog (10,000 took 7 minutes there).
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     e2e/measure/seedOrg.ts <READINESS_DATA_DIR> [--entities=100000]
 *
 * Writes <dir>/readiness.sqlite, the file the demo backend opens for the
 * readiness plugin (app-config.demo.yaml: better-sqlite3 with
 * `connection.directory`, one `<pluginId>.sqlite` per plugin): the plugin's
 * migrations, the generated portal answers, and one full run of
 * ReadinessComputation over the benchmark's in-memory catalog (every
 * scorecard, rollup and today's snapshot). The model is the portal's:
 * app-config.demo.yaml's `readiness` section and the integrations module's
 * detectors, as the backend builds it. Prints a JSON summary on the last line.
 */
import { mockServices } from '@backstage/backend-test-utils';
import { LoggerService } from '@backstage/backend-plugin-api';
import {
  buildReadinessModel,
  catalogDetectors,
  entityRefOf,
  ReadinessEngine,
} from '@prodready/plugin-readiness-common';
import { generateOrg } from '@prodready/plugin-readiness-common/testUtils';
import { integrationDetectors } from '@prodready/plugin-readiness-backend-module-integrations';
import knexFactory from 'knex';
import { mkdirSync, readFileSync } from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { indexedCatalog } from '../../plugins/readiness-backend/bench/benchCatalog';
import { importPortalAnswers } from '../../plugins/readiness-backend/bench/portalAnswers';
import { DatabaseReadinessStore } from '../../plugins/readiness-backend/src/database/DatabaseReadinessStore';
import { ReadinessComputation } from '../../plugins/readiness-backend/src/service/ReadinessComputation';

const ROOT = path.resolve(__dirname, '../..');
/** The generator's seed in the backend benchmark, so both see the same organisation. */
const ORG_SEED = 20260914;

const quietLogger: LoggerService = {
  error: () => {},
  warn: () => {},
  info: () => {},
  debug: () => {},
  child: () => quietLogger,
};

/** The model the demo portal's backend builds (see plugin.ts): its checks are in app-config.demo.yaml. */
function portalModel() {
  const config = parse(
    readFileSync(path.join(ROOT, 'app-config.demo.yaml'), 'utf8'),
  );
  const detectors = [...catalogDetectors, ...integrationDetectors];
  const detectorsByCheck: Record<string, string[]> = {};
  for (const d of detectors) {
    for (const id of d.checkIds) (detectorsByCheck[id] ??= []).push(d.id);
  }
  const model = buildReadinessModel({
    config: config.readiness,
    contributions: { detectorsByCheck },
  });
  return { model, engine: new ReadinessEngine(model, detectors) };
}

async function main() {
  const [dataDir] = process.argv.slice(2).filter(a => !a.startsWith('--'));
  if (!dataDir) throw new Error('usage: seedOrg.ts <dir> [--entities=N]');
  const entitiesArg = process.argv.find(a => a.startsWith('--entities='));
  const total = entitiesArg ? Number(entitiesArg.split('=')[1]) : 100_000;

  const started = Date.now();
  const { model, engine } = portalModel();
  const org = generateOrg(model, total, ORG_SEED);
  const entities = [...org.groups, ...org.users, ...org.domains, ...org.scored];
  // Every catalog entity has an etag; the generator's have none.
  entities.forEach((e, i) => {
    e.metadata.etag ??= `seed-${i}`;
  });
  const generatedMs = Date.now() - started;

  mkdirSync(dataDir, { recursive: true });
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(dataDir, 'readiness.sqlite') },
    useNullAsDefault: true,
  });
  try {
    const store = await DatabaseReadinessStore.create({
      database: { getClient: async () => knex },
    });
    const answers = await importPortalAnswers(
      store,
      org.portalAnswers,
      'user:default/seed',
      new Date(started).toISOString(),
    );
    const computation = new ReadinessComputation({
      engine,
      store,
      catalog: indexedCatalog(entities),
      auth: mockServices.auth(),
      logger: quietLogger,
    });
    const runStarted = Date.now();
    const state = await computation.runFull();
    if (state.error) throw new Error(`The full run failed: ${state.error}`);
    const fullRunMs = Date.now() - runStarted;

    const rootGroups = org.groups
      .filter(g => g.spec?.type === 'division')
      .map(entityRefOf);
    console.log(
      JSON.stringify({
        entities: org.scored.length,
        groups: org.groups.length,
        users: org.users.length,
        answers,
        rootGroups,
        generatedMs,
        fullRunMs,
        totalMs: Date.now() - started,
      }),
    );
  } finally {
    await knex.destroy();
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
