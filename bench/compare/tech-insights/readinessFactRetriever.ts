/*
 * The Tech Insights side's one fact retriever: reads the ten bench
 * annotations of every scored entity from the catalog (only the fields it
 * needs, in one request, as Tech Insights' own retrievers do) and turns each
 * into a boolean fact.
 */
import { CatalogClient } from '@backstage/catalog-client';
// The fetch this project's side reads the catalog with, so both sides read it uncompressed.
import { uncompressedFetch } from '../../../plugins/readiness-backend/src/uncompressedCatalogService';
import {
  FactRetriever,
  TechInsightFact,
} from '@backstage-community/plugin-tech-insights-node';
import {
  annotationOf,
  BENCH_CHECKS,
  isMet,
  SCORED_KINDS,
} from '../benchChecks';

export const FACT_RETRIEVER_ID = 'readinessAnnotationsFactRetriever';

export const readinessFactRetriever: FactRetriever = {
  id: FACT_RETRIEVER_ID,
  version: '0.1.0',
  title: 'Readiness annotations',
  description: 'Whether each of the ten bench readiness checks is met',
  entityFilter: [{ kind: SCORED_KINDS }],
  schema: Object.fromEntries(
    BENCH_CHECKS.map(check => [
      check.fact,
      { type: 'boolean', description: `${check.checkId} is met` },
    ]),
  ),
  async handler({ discovery, auth, entityFilter }) {
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'catalog',
    });
    const catalog = new CatalogClient({
      discoveryApi: discovery,
      fetchApi: { fetch: uncompressedFetch },
    });
    const { items } = await catalog.getEntities(
      {
        filter: entityFilter,
        fields: [
          'kind',
          'metadata.namespace',
          'metadata.name',
          'metadata.annotations',
        ],
      },
      { token },
    );
    const now = new Date();
    return items.map(
      (entity): TechInsightFact => ({
        entity: {
          namespace: entity.metadata.namespace ?? 'default',
          kind: entity.kind,
          name: entity.metadata.name,
        },
        facts: Object.fromEntries(
          BENCH_CHECKS.map(check => [
            check.fact,
            isMet(
              entity.metadata.annotations?.[annotationOf(check)],
              check,
              now,
            ),
          ]),
        ),
      }),
    );
  },
};

/** The JSON-rules check of each fact: `fact == true`. */
export const techInsightsChecks = Object.fromEntries(
  BENCH_CHECKS.map(check => [
    check.fact,
    {
      type: 'json-rules-engine',
      name: check.checkId,
      description: `${check.checkId} is met`,
      factIds: [FACT_RETRIEVER_ID],
      rule: {
        conditions: {
          all: [{ fact: check.fact, operator: 'equal', value: true }],
        },
      },
    },
  ]),
);
