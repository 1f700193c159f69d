import fs from 'fs';
import path from 'path';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  answerInputSchema,
  buildReadinessModel,
  campaignEntitiesQuerySchema,
  campaignGroupsQuerySchema,
  entityCampaignsQuerySchema,
  campaignInputSchema,
  campaignListQuerySchema,
  costTableInputSchema,
  deleteResultsQuerySchema,
  entityParamsSchema,
  exemptionDecisionSchema,
  exemptionRequestSchema,
  failingChecksQuerySchema,
  historyQuerySchema,
  scorecardReadQuerySchema,
  importQuerySchema,
  importSchema,
  pushResultsSchema,
  ReadinessEngine,
  roleInputSchema,
  rollupDetailQuerySchema,
  rollupListQuerySchema,
  scorecardExportQuerySchema,
  scorecardQuerySchema,
  systemCostQuerySchema,
  versionBodySchema,
} from '@prodready/plugin-readiness-common';
import { createRouter, RouterOptions } from '../service/router';
import { BODY_LIMITS } from '../service/routes/parse';

type JsonSchema = Record<string, any>;

const document: JsonSchema = parse(
  fs.readFileSync(path.join(__dirname, 'openapi.yaml'), 'utf8'),
);

/*
 * Which zod schema validates what, per route ("METHOD /path" as documented).
 * Routes not listed here read no query parameters and no body.
 */
const QUERY_SCHEMAS: Record<string, z.ZodType> = {
  'GET /scorecards': scorecardQuerySchema,
  'GET /export.csv': scorecardExportQuerySchema,
  'GET /scorecards/failing-checks': failingChecksQuerySchema,
  'GET /rollups': rollupListQuerySchema,
  'GET /rollups/{kind}/{namespace}/{name}': rollupDetailQuerySchema,
  'GET /entities/{kind}/{namespace}/{name}': scorecardReadQuerySchema,
  'GET /entities/{kind}/{namespace}/{name}/history': historyQuerySchema,
  'DELETE /results/{kind}/{namespace}/{name}': deleteResultsQuerySchema,
  'POST /import': importQuerySchema,
  'GET /cost/systems': systemCostQuerySchema,
  'GET /campaigns': campaignListQuerySchema,
  'GET /campaigns/{id}/entities': campaignEntitiesQuerySchema,
  'GET /campaigns/{id}/groups': campaignGroupsQuerySchema,
  'GET /entity-campaigns': entityCampaignsQuerySchema,
};

const answerPath = '/entities/{kind}/{namespace}/{name}/answers/{checkId}';
const rolePath = '/entities/{kind}/{namespace}/{name}/roles/{roleId}';
const costPath = '/entities/{kind}/{namespace}/{name}/cost';
const exemptionPath = '/entities/{kind}/{namespace}/{name}/exemptions';
const BODY_SCHEMAS: Record<
  string,
  { schema: z.ZodType; limit: keyof typeof BODY_LIMITS }
> = {
  [`PUT ${answerPath}`]: { schema: answerInputSchema, limit: 'entity' },
  [`DELETE ${answerPath}`]: { schema: versionBodySchema, limit: 'entity' },
  [`POST ${answerPath}/review`]: { schema: versionBodySchema, limit: 'entity' },
  [`PUT ${rolePath}`]: { schema: roleInputSchema, limit: 'entity' },
  [`DELETE ${rolePath}`]: { schema: versionBodySchema, limit: 'entity' },
  [`PUT ${costPath}`]: { schema: costTableInputSchema, limit: 'entity' },
  [`DELETE ${costPath}`]: { schema: versionBodySchema, limit: 'entity' },
  [`POST ${exemptionPath}`]: {
    schema: exemptionRequestSchema,
    limit: 'entity',
  },
  [`POST ${exemptionPath}/{id}/approve`]: {
    schema: exemptionDecisionSchema,
    limit: 'entity',
  },
  [`POST ${exemptionPath}/{id}/reject`]: {
    schema: exemptionDecisionSchema,
    limit: 'entity',
  },
  'POST /campaigns': { schema: campaignInputSchema, limit: 'entity' },
  'PUT /campaigns/{id}': { schema: campaignInputSchema, limit: 'entity' },
  'DELETE /campaigns/{id}': { schema: versionBodySchema, limit: 'entity' },
  'POST /results': { schema: pushResultsSchema, limit: 'results' },
  'POST /import': { schema: importSchema, limit: 'import' },
};

/** The path parameters of the entity routes. */
const PATH_SCHEMA: z.ZodType = entityParamsSchema;

/** The JSON schema of what a zod schema accepts. */
function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
}

/** Follows local `$ref`s (`#/components/...`, `#/$defs/...`) within `root`. */
const resolverOf =
  (root: JsonSchema) =>
  (node: JsonSchema): JsonSchema => {
    let current = node;
    for (let hops = 0; current?.$ref; hops++) {
      const ref: string = current.$ref;
      if (!ref.startsWith('#/') || hops > 20) {
        throw new Error(`Cannot resolve $ref ${ref}`);
      }
      current = ref
        .slice(2)
        .split('/')
        .map(part => part.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((at: any, part) => at?.[part], root);
      if (current === undefined) throw new Error(`Dangling $ref ${ref}`);
    }
    return current;
  };

const resolveDoc = resolverOf(document);

/** The facts a documented schema and a zod schema must agree on. */
const FACT_KEYS = [
  'enum',
  'minimum',
  'maximum',
  'default',
  'minLength',
  'maxLength',
  'minItems',
  'maxItems',
  'pattern',
] as const;

type Resolve = (node: JsonSchema) => JsonSchema;

/**
 * A value-or-array union (a repeatable query parameter): its array form, which
 * is how the document states such a parameter.
 */
function repeatableForm(
  schema: JsonSchema,
  resolve: Resolve,
): JsonSchema | undefined {
  const members: JsonSchema[] | undefined = schema.anyOf ?? schema.oneOf;
  if (members?.length !== 2) return undefined;
  const [one, other] = members.map(resolve);
  const [array, single] = one.type === 'array' ? [one, other] : [other, one];
  if (array.type !== 'array' || !array.items) return undefined;
  return JSON.stringify(factsOf(array.items, resolve)) ===
    JSON.stringify(factsOf(single, resolve))
    ? array
    : undefined;
}

/**
 * Projects a JSON schema (an OpenAPI 3.0 schema or zod's JSON schema) to its
 * validation facts, recursively through properties and items, following
 * `$ref`s. `const` counts as a one-value enum; the safe-integer bounds zod
 * gives every `.int()` are dropped.
 */
function factsOf(node: JsonSchema, resolve: Resolve): JsonSchema {
  const schema = resolve(node);
  const repeatable = repeatableForm(schema, resolve);
  if (repeatable) return factsOf(repeatable, resolve);
  for (const combinator of ['anyOf', 'oneOf', 'allOf', 'not']) {
    if (schema[combinator]) {
      throw new Error(
        `No comparison for ${combinator} in ${JSON.stringify(schema)}`,
      );
    }
  }
  const facts: JsonSchema = {};
  for (const key of FACT_KEYS) {
    if (schema[key] !== undefined) facts[key] = schema[key];
  }
  if ('const' in schema) facts.enum = [schema.const];
  if (facts.maximum === Number.MAX_SAFE_INTEGER) delete facts.maximum;
  if (facts.minimum === Number.MIN_SAFE_INTEGER) delete facts.minimum;
  if (schema.additionalProperties === false) {
    facts.additionalProperties = false;
  }
  if (schema.properties) {
    facts.properties = Object.fromEntries(
      Object.entries(schema.properties)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, property]) => [
          name,
          factsOf(property as JsonSchema, resolve),
        ]),
    );
    facts.required = [...(schema.required ?? [])].sort();
  }
  if (schema.items) facts.items = factsOf(schema.items, resolve);
  return facts;
}

/** What a zod object schema says of each of its keys: required, and the facts. */
function zodParameters(schema: z.ZodType): Record<string, JsonSchema> {
  const json = jsonSchemaOf(schema);
  const resolve = resolverOf(json);
  const object = resolve(json);
  return Object.fromEntries(
    Object.entries(object.properties ?? {}).map(([name, property]) => [
      name,
      {
        required: (object.required ?? []).includes(name),
        ...factsOf(property as JsonSchema, resolve),
      },
    ]),
  );
}

interface Operation {
  route: string;
  operation: JsonSchema;
  /** Path-level and operation-level parameters, resolved. */
  parameters: JsonSchema[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

const operations: Operation[] = Object.entries(document.paths).flatMap(
  ([p, item]: [string, any]) =>
    Object.keys(item)
      .filter(k => METHODS.includes(k))
      .map(method => ({
        route: `${method.toUpperCase()} ${p}`,
        operation: item[method],
        parameters: [
          ...(item.parameters ?? []),
          ...(item[method].parameters ?? []),
        ].map(resolveDoc),
      })),
);

const operation = (route: string) => {
  const found = operations.find(o => o.route === route);
  if (!found) throw new Error(`${route} is not documented`);
  return found;
};

/** What the document says of the parameters of one operation in one place. */
function documentedParameters(
  { parameters }: Operation,
  where: 'query' | 'path',
): Record<string, JsonSchema> {
  return Object.fromEntries(
    parameters
      .filter(p => p.in === where)
      .map(p => [
        p.name,
        { required: Boolean(p.required), ...factsOf(p.schema, resolveDoc) },
      ]),
  );
}

const jsonBodyOf = ({ operation: op }: Operation) =>
  op.requestBody &&
  resolveDoc(resolveDoc(op.requestBody).content['application/json'].schema);

/** The routes an express router serves, as "METHOD /path" with OpenAPI-style parameters. */
function routesOf(router: any): string[] {
  return router.stack
    .filter((layer: any) => layer.route)
    .flatMap((layer: any) =>
      Object.keys(layer.route.methods).map(
        method =>
          `${method.toUpperCase()} ${layer.route.path.replace(
            /:(\w+)/g,
            '{$1}',
          )}`,
      ),
    )
    .sort();
}

describe('openapi.yaml', () => {
  it('documents exactly the routes the router serves', async () => {
    const documented = operations.map(o => o.route).sort();
    const router = await createRouter({
      engine: new ReadinessEngine(buildReadinessModel()),
    } as unknown as RouterOptions);
    expect(documented).toEqual(routesOf(router));
  });

  describe('agrees with the zod schemas', () => {
    it.each(Object.keys(QUERY_SCHEMAS))(
      'documents the query parameters of %s',
      route => {
        expect(documentedParameters(operation(route), 'query')).toEqual(
          zodParameters(QUERY_SCHEMAS[route]),
        );
      },
    );

    it('documents repeatable query parameters as form-exploded arrays', () => {
      const arrays = operations.flatMap(o =>
        o.parameters
          .filter(
            p => p.in === 'query' && resolveDoc(p.schema).type === 'array',
          )
          .map(p => ({
            route: o.route,
            name: p.name,
            style: p.style,
            explode: p.explode,
          })),
      );
      expect(arrays.length).toBeGreaterThan(0);
      for (const array of arrays) {
        expect(array).toEqual({ ...array, style: 'form', explode: true });
      }
    });

    it('documents no query parameters for the routes that read none', () => {
      const unexpected = operations
        .filter(o => !(o.route in QUERY_SCHEMAS))
        .flatMap(o =>
          Object.keys(documentedParameters(o, 'query')).map(
            name => `${o.route} ?${name}`,
          ),
        );
      expect(unexpected).toEqual([]);
    });

    it('documents the path parameters of entity refs as the zod schema', () => {
      const zod = zodParameters(PATH_SCHEMA);
      const withRefs = operations.filter(o => o.route.includes('{kind}'));
      expect(withRefs.length).toBeGreaterThan(0);
      for (const o of withRefs) {
        const documented = documentedParameters(o, 'path');
        expect({
          route: o.route,
          parameters: Object.fromEntries(
            Object.keys(zod).map(name => [name, documented[name]]),
          ),
        }).toEqual({ route: o.route, parameters: zod });
      }
    });

    it.each(Object.keys(BODY_SCHEMAS))('documents the body of %s', route => {
      const { schema } = BODY_SCHEMAS[route];
      const o = operation(route);
      const documented = jsonBodyOf(o);
      expect(documented).toBeDefined();
      const json = jsonSchemaOf(schema);
      const zodFacts = factsOf(json, resolverOf(json));
      expect(factsOf(documented, resolveDoc)).toEqual(zodFacts);
      // A body is required exactly when it has required properties (an
      // absent body is read as {}).
      expect(Boolean(resolveDoc(o.operation.requestBody).required)).toBe(
        zodFacts.required.length > 0,
      );
    });

    it('documents no body for the routes that read none', () => {
      const unexpected = operations
        .filter(o => !(o.route in BODY_SCHEMAS) && o.operation.requestBody)
        .map(o => o.route);
      expect(unexpected).toEqual([]);
    });
  });

  describe('documents the answers', () => {
    it.each(Object.keys(BODY_SCHEMAS))(
      'states the body limit of %s as its 413',
      route => {
        const limit = BODY_LIMITS[BODY_SCHEMAS[route].limit];
        const response = operation(route).operation.responses['413'];
        expect(response).toBeDefined();
        expect(resolveDoc(response).description).toMatch(
          new RegExp(`\\b${limit}\\b`),
        );
      },
    );

    it('lists 401 and 403 for every protected route, 503 for every route that reads the database or the catalog', () => {
      const noDatabase = ['GET /health', 'GET /model'];
      const missing = operations.flatMap(o => {
        const statuses = Object.keys(o.operation.responses);
        const expected = [
          ...(o.operation.security?.length === 0 ? [] : ['401', '403']),
          ...(noDatabase.includes(o.route) ? [] : ['503']),
        ];
        return expected
          .filter(status => !statuses.includes(status))
          .map(status => `${o.route} ${status}`);
      });
      expect(missing).toEqual([]);
    });

    it('lists 409 with the current record for every versioned write', () => {
      const versioned = Object.keys(BODY_SCHEMAS).filter(
        route =>
          route.includes(' /entities/') &&
          'version' in zodParameters(BODY_SCHEMAS[route].schema),
      );
      expect(versioned.length).toBeGreaterThan(0);
      for (const route of versioned) {
        const conflict = operation(route).operation.responses['409'];
        expect({ route, conflict: conflict && resolveDoc(conflict) }).toEqual({
          route,
          conflict: expect.objectContaining({
            content: {
              'application/json': {
                schema: { $ref: '#/components/schemas/ConflictResponseBody' },
              },
            },
          }),
        });
      }
    });
  });
});
