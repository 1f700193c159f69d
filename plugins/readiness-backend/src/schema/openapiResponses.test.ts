import { BRONZE_FOR_ALL } from '../__testUtils__/campaigns';
import Ajv, { ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';
import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { createTestDatabases } from '../__testUtils__/databases';
import { annotated, smallOrg } from '../__testUtils__/entities';
import {
  alice,
  base,
  bob,
  carol,
  ci,
  startBackend,
} from '../__testUtils__/testBackend';

/*
 * The response side of openapi.yaml: the real plugin answers a run of
 * requests that leave every kind of record behind, and each JSON body is
 * validated against the schema documented for its status. Object schemas
 * that list properties are closed (additionalProperties: false unless the
 * document says otherwise), so a property the routes send and the document
 * lacks fails here, as does a documented required one they leave out.
 */

jest.setTimeout(120_000);

type JsonSchema = Record<string, any>;

const document: JsonSchema = parse(
  fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
);

const DOC_ID = 'openapi.yaml';
const COMPONENT = '#/components/schemas/';

/** The document's own `$ref`s, followed (schemas, responses, parameters). */
function resolve(node: JsonSchema): JsonSchema {
  let current = node;
  while (current?.$ref) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((at: any, part: string) => at?.[part], document);
  }
  return current;
}

const mapValues = (record: any, f: (value: any) => any) =>
  Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));

/** Keywords whose values are data, not schemas: left as they are. */
const DATA_KEYWORDS = new Set(['enum', 'default', 'example', 'const']);

/**
 * An OpenAPI 3.0 schema as a strict JSON schema for ajv: `$ref`s pointed at
 * the components added under DOC_ID, object `allOf`s merged into one object
 * (closing each part would refuse the other parts' properties), object
 * schemas closed, and `nullable` without a `type` (which ajv refuses) spelt
 * as a union with null.
 */
function strictSchema(node: any): any {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    if (!node.$ref.startsWith(COMPONENT)) {
      throw new Error(`Cannot follow $ref ${node.$ref}`);
    }
    return { $ref: `${DOC_ID}#/$defs/${node.$ref.slice(COMPONENT.length)}` };
  }
  let schema: JsonSchema = Object.fromEntries(
    Object.entries(node).map(([key, value]) => {
      if (DATA_KEYWORDS.has(key)) return [key, value];
      if (key === 'properties') return [key, mapValues(value, strictSchema)];
      return [key, strictSchema(value)];
    }),
  );
  const parts: JsonSchema[] | undefined = node.allOf?.map(resolve);
  if (parts?.every(p => p.properties)) {
    const { allOf: _, ...rest } = schema;
    schema = {
      ...rest,
      type: 'object',
      properties: Object.assign(
        {},
        ...parts.map(p => strictSchema(p).properties),
      ),
      required: [...new Set(parts.flatMap(p => p.required ?? []))],
    };
  }
  if (schema.properties && !('additionalProperties' in schema)) {
    schema.additionalProperties = false;
  }
  if (schema.nullable && !schema.type) {
    const { nullable: _, description, ...rest } = schema;
    schema = { description, anyOf: [{ type: 'null' }, rest] };
  }
  return schema;
}

const ajv = new Ajv({ allErrors: true, strictTypes: false });
addFormats(ajv);
ajv.addKeyword('example');
ajv.addSchema(
  { $id: DOC_ID, $defs: mapValues(document.components.schemas, strictSchema) },
  DOC_ID,
);

const METHODS = ['get', 'put', 'post', 'delete'];

/** Every documented operation, as "METHOD /path". */
const routes: string[] = Object.entries(document.paths).flatMap(
  ([p, item]: [string, any]) =>
    Object.keys(item)
      .filter(m => METHODS.includes(m))
      .map(m => `${m.toUpperCase()} ${p}`),
);

/** The documented route a request ("METHOD /path?query") is one of. */
function routeOf(request: string): string {
  const [method, url] = request.split(' ');
  const found = routes.filter(route => {
    const [m, template] = route.split(' ');
    const pattern = template
      .replace(/[.]/g, '\\.')
      .replace(/\{\w+\}/g, '[^/]+');
    return m === method && new RegExp(`^${pattern}$`).test(url.split('?')[0]);
  });
  if (found.length !== 1) throw new Error(`${request} matches ${found}`);
  return found[0];
}

const describeError = (e: ErrorObject) =>
  `${e.instancePath || '/'} ${e.message} (${Object.values(e.params)})`;

interface Exchange {
  route: string;
  status: number;
  type: string;
  body: unknown;
}

/** Where one answer departs from the document; empty when it agrees. */
function problemsOf({ route, status, type, body }: Exchange): string[] {
  const [method, p] = route.split(' ');
  const responses = document.paths[p][method.toLowerCase()].responses;
  const documented = responses[status] ?? responses.default;
  if (!documented) return [`${status} is not documented`];
  const content = resolve(documented).content ?? {};
  if (!content[type]) return [`${status} ${type} is not documented`];
  if (type !== 'application/json') return [];
  const validate = ajv.compile(strictSchema(content[type].schema));
  return validate(body)
    ? []
    : (validate.errors ?? []).map(e => `${status} ${describeError(e)}`);
}

const databases = createTestDatabases();
const today = new Date().toISOString().slice(0, 10);
const endsOn = new Date(Date.now() + 60 * 86_400_000)
  .toISOString()
  .slice(0, 10);

/**
 * The small organisation with what makes scorecards varied: a check past
 * its expiry, a malformed answer (a problem), and (below) a staged check.
 */
const entities = [
  ...annotated(smallOrg(), e => e.metadata.name === 'cart', {
    'prodready.dev/check.security.access-review': 'met; date=2020-01-01',
    'prodready.dev/check.recoverability.backups': 'maybe',
  }),
  // Owned by a group the catalog lacks: counted in no group's rollup.
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'legacy', namespace: 'default' },
    spec: { type: 'service', lifecycle: 'production', owner: 'old-team' },
  },
];

const config = {
  readiness: {
    checks: {
      custom: [
        {
          id: 'security.sbom',
          category: 'security',
          title: 'SBOM published',
          question: 'Is an SBOM published with every release?',
          gate: true,
          level: 'bronze',
          appliesTo: ['component'],
          roles: ['security'],
          effectiveFrom: '2099-01-01',
        },
      ],
    },
    campaigns: [BRONZE_FOR_ALL],
  },
};

const costTable = {
  currency: 'EUR',
  date: '2026-11-01',
  assumptions: 'managed PostgreSQL',
  tiers: [0, 1, 10, 100, 500, 1000, 1000000].map((users, i) => ({
    users,
    monthlyCost: 450 + i * 100,
  })),
  version: 0,
};

const campaign = {
  title: 'Metrics everywhere',
  description: 'Every component of engineering exports metrics.',
  filter: { owners: ['group:default/eng'], kinds: ['component'] },
  target: { checks: ['monitoring.metrics'] },
  deadline: '2099-12-31',
};

const exemption = (checkId: string) => ({
  checkId,
  reasonCode: 'planned-remediation',
  reasonText: 'Booked with the DBA team',
  endsOn,
});

const cart = '/entities/component/default/cart';
const checkout = '/entities/component/default/checkout';

describe.each(databases.eachSupportedId())(
  'openapi.yaml documents the responses on %s',
  id => {
    const exchanges: Exchange[] = [];

    beforeAll(async () => {
      const { api } = await startBackend({
        knex: await databases.init(id),
        entities,
        config,
      });

      /** Sends "METHOD /path?query" as `as`, expects `status`, records the answer. */
      async function send(
        request: string,
        status: number,
        as?: string,
        body?: object,
      ) {
        const [method, url] = request.split(' ');
        let req = (api as any)[method.toLowerCase()](`${base}${url}`);
        if (as) req = req.set('Authorization', as);
        const res = await (body ? req.send(body) : req);
        if (res.status !== status) {
          throw new Error(
            `${request}: ${res.status}, not ${status}: ${res.text}`,
          );
        }
        const route = routeOf(request);
        exchanges.push({ route, status, type: res.type, body: res.body });
        return res.body;
      }

      await send('POST /compute', 202, carol);

      // Answers: one reviewed, one against the annotation, one N/A, one
      // removed, and a stale write (409 with the stored answer).
      const sizing = `${cart}/answers/scalability.sizing`;
      await send(`PUT ${sizing}`, 200, alice, {
        status: 'met',
        evidenceUrl: 'https://wiki.example/sizing',
        note: 'Sized for 10x',
        version: 0,
      });
      await send(`POST ${sizing}/review`, 200, carol, { version: 1 });
      await send(`PUT ${sizing}`, 409, alice, { status: 'met', version: 0 });
      await send(`PUT ${cart}/answers/monitoring.metrics`, 200, alice, {
        status: 'not-met',
        version: 0,
      });
      const multiRegion = `${checkout}/answers/resiliency.multi-region`;
      await send(`PUT ${multiRegion}`, 200, alice, {
        status: 'not-applicable',
        notApplicableReason: 'architecture-constraint',
        notApplicableText: 'Single-region by design',
        version: 0,
      });
      const runbooks = `${checkout}/answers/support.runbooks`;
      await send(`PUT ${runbooks}`, 200, alice, { status: 'met', version: 0 });
      await send(`DELETE ${runbooks}`, 200, alice, { version: 1 });

      // Roles: one against the annotation, one set and removed.
      const assign = (role: string, ...holders: string[]) =>
        send(`PUT ${role}`, 200, alice, { holders, version: 0 });
      await assign(`${cart}/roles/dba`, 'user:default/bob');
      await assign(`${cart}/roles/test-manager`, 'bob', 'group:team-b');
      await assign(`${checkout}/roles/cto`, 'user:default/alice');
      await send(`DELETE ${checkout}/roles/cto`, 200, alice, { version: 1 });

      // Cost tables: the cart's kept, the checkout's removed.
      await send(`PUT ${cart}/cost`, 200, alice, costTable);
      await send(`PUT ${checkout}/cost`, 200, alice, costTable);
      await send(`DELETE ${checkout}/cost`, 200, alice, { version: 1 });

      // Exemptions: one approved (by a test manager), one pending, one rejected.
      const request = async (checkId: string) => {
        const body = exemption(checkId);
        const res = await send(`POST ${cart}/exemptions`, 201, alice, body);
        return `${cart}/exemptions/${res.exemption.id}`;
      };
      const decision = { version: 1, note: 'Noted' };
      const approved = await request('recoverability.restore-test');
      await send(`POST ${approved}/approve`, 200, bob, decision);
      await request('recoverability.dr-plan');
      const rejected = await request('security.pen-test');
      await send(`POST ${rejected}/reject`, 200, carol, decision);

      // Pushed results: the search's kept, the checkout's removed.
      await send('POST /results', 202, ci, {
        results: ['search', 'checkout'].map(name => ({
          entityRef: `component:default/${name}`,
          checkId: 'recoverability.restore-test',
          status: 'met',
          evidenceUrl: 'https://ci.example/job/9',
          note: 'Restored last night',
        })),
      });
      await send(
        'DELETE /results/component/default/checkout?checkId=recoverability.restore-test',
        200,
        ci,
      );

      // Campaigns: one changed (and a stale change refused), one removed.
      const create = async () => {
        const res = await send('POST /campaigns', 201, carol, campaign);
        return `/campaigns/${res.campaign.id}`;
      };
      const metrics = await create();
      await send(`PUT ${metrics}`, 200, carol, {
        ...campaign,
        title: 'Metrics, all of them',
        version: 1,
      });
      await send(`PUT ${metrics}`, 409, carol, { ...campaign, version: 1 });
      await send(`DELETE ${await create()}`, 200, carol, { version: 1 });

      // A restore of the backup, then the full run the reads see.
      const backup = await send('GET /export', 200, carol);
      await send('POST /import?restore=true', 200, carol, backup);
      await send('POST /compute', 202, carol);

      const reads = [
        '/health',
        '/health/ready',
        '/model',
        cart,
        checkout,
        '/entities/system/default/shop',
        `${cart}/history`,
        `${cart}/cost`,
        `${checkout}/cost`,
        `${cart}/exemptions`,
        `${cart}/campaigns`,
        '/entity-campaigns?entityRef=component:default/cart&entityRef=component:default/checkout',
        '/campaigns',
        ...[metrics, '/campaigns/bronze-for-all'].flatMap(c => [
          c,
          `${c}/entities?status=all`,
          `${c}/groups`,
          `${c}/groups?parent=group:default/acme`,
        ]),
        '/cost/systems?users=10',
        '/scorecards',
        `/scorecards?sort=nextExpiry&expiringBy=${today}`,
        '/scorecards/failing-checks',
        ...['group', 'system', 'domain'].map(by => `/rollups?by=${by}`),
        `/rollups?asOf=${today}`,
        '/rollups/group/default/team-a',
        `/rollups/group/default/team-a?asOf=${today}`,
        '/rollups/system/default/shop',
        '/rollups/domain/default/commerce',
        '/export.csv',
        '/upcoming-impact',
        '/hierarchy-problems',
      ];
      for (const url of reads) await send(`GET ${url}`, 200, carol);
      // Errors are documented too.
      await send('GET /entities/component/default/ghost', 404, bob);
      await send('GET /scorecards?limit=0', 400, bob);
    });

    // Every documented route must be called above, so a new one is too.
    it.each(routes)('%s', route => {
      const seen = exchanges.filter(e => e.route === route);
      expect(seen.length).toBeGreaterThan(0);
      const problems = [...new Set(seen.flatMap(problemsOf))];
      expect({ route, problems }).toEqual({
        route,
        problems: [],
      });
    });
  },
);
