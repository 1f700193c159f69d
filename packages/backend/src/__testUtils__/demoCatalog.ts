import path from 'node:path';

/** The demo organisation, the catalog's only location in these tests. */
export const DEMO_ORGANISATION = path.resolve(
  __dirname,
  '../../../../examples/all.yaml',
);

/** The `catalog` config that ingests the demo organisation. */
export const DEMO_CATALOG_CONFIG = {
  rules: [
    { allow: ['Component', 'System', 'Resource', 'Location'] },
    { allow: ['Domain', 'Group', 'User', 'API'] },
  ],
  locations: [{ type: 'file', target: DEMO_ORGANISATION }],
};

/**
 * Waits until the catalog has ingested the demo (it does so in the
 * background): until payments-api has its owner relation, which owners'
 * permissions rely on. Then starts a readiness full run.
 */
export async function computeDemoReadiness(
  base: string,
  authorization: string,
) {
  await waitForDemoCatalog(base, authorization);
  const computed = await fetch(`${base}/api/readiness/compute`, {
    method: 'POST',
    headers: { authorization },
  });
  if (computed.status !== 202) {
    throw new Error(`compute: ${computed.status} ${await computed.text()}`);
  }
}

export async function waitForDemoCatalog(base: string, authorization: string) {
  for (let attempt = 0; ; attempt++) {
    const res = await fetch(
      `${base}/api/catalog/entities/by-name/component/default/payments-api`,
      { headers: { authorization } },
    );
    const entity = res.ok ? await res.json() : await res.text();
    if (entity?.relations?.some((r: any) => r.type === 'ownedBy')) return;
    if (attempt > 240)
      throw new Error(
        `the catalog did not ingest the demo: ${res.status} ${JSON.stringify(
          entity,
        )?.slice(0, 300)}`,
      );
    await new Promise(resolve => setTimeout(resolve, 500));
  }
}
