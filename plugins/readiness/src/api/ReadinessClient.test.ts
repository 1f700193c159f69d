import { ResponseError } from '@backstage/errors';
import { ReadinessClient } from './ReadinessClient';

function client(response: { status: number; body: unknown }) {
  const fetch = jest.fn(async (_url: string, _init?: RequestInit) => ({
    ok: response.status < 400,
    status: response.status,
    statusText: response.status === 409 ? 'Conflict' : 'OK',
    url: 'http://backend/api/readiness',
    headers: { get: () => 'application/json' },
    json: async () => response.body,
    text: async () => JSON.stringify(response.body),
  }));
  return {
    fetch,
    client: new ReadinessClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/readiness' },
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    }),
  };
}

describe('ReadinessClient', () => {
  it('exports the scorecards the filters match in one streamed request, counting the rows as they arrive', async () => {
    // A title with a line break and quotes in it, and one with an accent.
    const csv =
      'entityRef,title\r\na,"two\r\nlines, ""quoted"""\r\nb,Bé\r\nc,C\r\n';
    const bytes = new TextEncoder().encode(csv);
    const accent = bytes.indexOf(0xc3);
    // Chunks that split a row, a CRLF and the accent's two bytes.
    const cuts = [
      0,
      20,
      40,
      accent + 1,
      bytes.indexOf(0x0a, accent),
      bytes.length,
    ];
    const chunks = cuts.slice(1).map((end, i) => bytes.slice(cuts[i], end));
    const fetch = jest.fn(async (_url: string) => ({
      ok: true,
      status: 200,
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          chunks.forEach(chunk => controller.enqueue(chunk));
          controller.close();
        },
      }),
    }));
    const c = new ReadinessClient({
      discoveryApi: { getBaseUrl: async () => 'http://backend/api/readiness' },
      fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    });
    const seen: number[] = [];
    const text = await c.exportScorecardsCsv(
      { owner: ['group:default/a', 'group:default/b'], q: 'pay', kind: '' },
      { onRows: rows => seen.push(rows) },
    );
    expect(text).toBe(csv);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/readiness/export.csv?owner=group%3Adefault%2Fa&owner=group%3Adefault%2Fb&q=pay',
    );
    expect(seen).toHaveLength(chunks.length);
    expect(seen[seen.length - 1]).toBe(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('puts an answer at the entity path with a JSON body', async () => {
    const { client: c, fetch } = client({ status: 200, body: { answer: {} } });
    await c.putAnswer(
      'component:default/payments-api',
      'scalability.load-test',
      {
        status: 'met',
        version: 0,
      },
    );
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(
      'http://backend/api/readiness/entities/component/default/payments-api/answers/scalability.load-test',
    );
    expect(init).toMatchObject({
      method: 'PUT',
      body: '{"status":"met","version":0}',
    });
    expect((init!.headers as Record<string, string>)['Content-Type']).toBe(
      'application/json',
    );
  });

  it("reads a scorecard with the entity's etag when the page has it", async () => {
    const { client: c, fetch } = client({ status: 200, body: {} });
    const ref = 'component:default/payments-api';
    await c.getScorecard(ref, { etag: 'a/b+c=' });
    await c.getScorecard(ref);
    const url =
      'http://backend/api/readiness/entities/component/default/payments-api';
    expect(fetch.mock.calls.map(([u]) => u)).toEqual([
      `${url}?etag=a%2Fb%2Bc%3D`,
      url,
    ]);
  });

  it('asks for the campaigns of several entities in one request, repeating entityRef', async () => {
    const { client: c, fetch } = client({ status: 200, body: { items: [] } });
    await c.getEntitiesCampaigns([
      'component:default/payments-api',
      'resource:default/payments-db',
    ]);
    expect(fetch.mock.calls.map(([u]) => u)).toEqual([
      'http://backend/api/readiness/entity-campaigns?entityRef=component%3Adefault%2Fpayments-api&entityRef=resource%3Adefault%2Fpayments-db',
    ]);
  });

  it('requests, lists and decides exemptions at the entity path', async () => {
    const { client: c, fetch } = client({ status: 200, body: {} });
    const ref = 'component:default/payments-api';
    await c.requestExemption(ref, {
      checkId: 'security.pen-test',
      reasonCode: 'planned-remediation',
      reasonText: 'Booked for January',
      endsOn: '2027-02-01',
    });
    await c.listExemptions(ref);
    await c.decideExemption(ref, 'e/1', 'approve', { version: 1 });
    const base =
      'http://backend/api/readiness/entities/component/default/payments-api/exemptions';
    expect(fetch.mock.calls.map(([url, init]) => [url, init?.method])).toEqual([
      [base, 'POST'],
      [base, undefined],
      [`${base}/e%2F1/approve`, 'POST'],
    ]);
    expect(fetch.mock.calls[2][1]).toMatchObject({ body: '{"version":1}' });
  });

  it('writes list queries as query strings, repeating arrays and leaving out empty values', async () => {
    const { client: c, fetch } = client({ status: 200, body: { items: [] } });
    await c.listScorecards({
      owner: ['group:default/a', 'group:default/b'],
      q: '',
      kind: 'component',
      limit: 25,
      offset: 50,
    });
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/readiness/scorecards?owner=group%3Adefault%2Fa&owner=group%3Adefault%2Fb&kind=component&limit=25&offset=50',
    );
    await c.getRollup('group:default/payments-team', {
      asOf: '2026-11-01',
      limit: 10,
    });
    expect(fetch.mock.calls[1][0]).toBe(
      'http://backend/api/readiness/rollups/group/default/payments-team?asOf=2026-11-01&limit=10',
    );
  });

  it('throws a ResponseError carrying the server error, including a 409 current answer', async () => {
    const { client: c } = client({
      status: 409,
      body: {
        error: {
          name: 'ConflictError',
          message: 'changed',
          current: { version: 2 },
        },
        response: { statusCode: 409 },
      },
    });
    const error = await c
      .deleteAnswer('component:default/x', 'cost.people-cost', 1)
      .catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(409);
    expect(error.body.error.current).toEqual({ version: 2 });
  });

  it('gets the hierarchy problems, throwing a ResponseError when refused', async () => {
    const body = {
      problems: ['Group group:default/a is its own parent'],
      computedAt: '2026-11-30T08:00:00.000Z',
    };
    const { client: c, fetch } = client({ status: 200, body });
    await expect(c.getHierarchyProblems()).resolves.toEqual(body);
    expect(fetch.mock.calls[0][0]).toBe(
      'http://backend/api/readiness/hierarchy-problems',
    );

    const { client: refused } = client({
      status: 403,
      body: {
        error: { name: 'NotAllowedError', message: 'Not allowed' },
        response: { statusCode: 403 },
      },
    });
    const error = await refused.getHierarchyProblems().catch(e => e);
    expect(ResponseError.is(error)).toBe(true);
    expect(error.statusCode).toBe(403);
  });
});
