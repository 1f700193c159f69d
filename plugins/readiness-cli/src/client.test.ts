import { createServer, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ReadinessHttpClient } from './client';

/*
 * The client's timeouts and retries against a small HTTP server that answers
 * each request as scripted.
 */

type Reply = (res: ServerResponse) => void;

const json =
  (status: number, body: unknown = {}, headers: Record<string, string> = {}) =>
  (res: ServerResponse) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
const error = (status: number, headers: Record<string, string> = {}) =>
  json(
    status,
    { error: { name: 'Error', message: `status ${status}` } },
    headers,
  );
/** Never answers: the request times out. */
const hang: Reply = () => {};
/** Drops the connection: fetch fails with a network error. */
const drop: Reply = res => res.socket?.destroy();

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise(resolve => server?.close(resolve));
  server = undefined;
});

/** A server answering request n with replies[n] (the last one thereafter). */
async function scripted(replies: Reply[]) {
  const requests: string[] = [];
  server = createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const reply = replies[Math.min(requests.length, replies.length) - 1];
    req.resume();
    req.on('end', () => reply(res));
  });
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const waits: number[] = [];
  const client = new ReadinessHttpClient(`http://127.0.0.1:${port}`, {
    token: 'secret-token',
    timeoutMs: 300,
    sleep: async ms => {
      waits.push(ms);
    },
  });
  return { client, requests, waits };
}

const model = { levels: [], checks: [] };

describe('ReadinessHttpClient retries', () => {
  it('waits as Retry-After asks after a 429, then succeeds', async () => {
    const s = await scripted([
      error(429, { 'retry-after': '1' }),
      json(200, model),
    ]);
    await expect(s.client.getModel()).resolves.toEqual(model);
    expect(s.waits).toEqual([1000]);
    expect(s.requests).toEqual([
      'GET /api/readiness/model',
      'GET /api/readiness/model',
    ]);
  });

  it('reads Retry-After as an HTTP date', async () => {
    const at = new Date(Date.now() + 3000).toUTCString();
    const s = await scripted([
      error(503, { 'retry-after': at }),
      json(200, model),
    ]);
    await expect(s.client.getModel()).resolves.toEqual(model);
    expect(s.waits).toHaveLength(1);
    expect(s.waits[0]).toBeGreaterThan(1000);
    expect(s.waits[0]).toBeLessThanOrEqual(3000);
  });

  it('retries a GET answered 503 twice, waiting 1 s then 2 s', async () => {
    const s = await scripted([error(503), error(503), json(200, model)]);
    await expect(s.client.getModel()).resolves.toEqual(model);
    expect(s.waits).toEqual([1000, 2000]);
    expect(s.requests).toHaveLength(3);
  });

  it('retries a GET on 502, 504 and a dropped connection', async () => {
    const s = await scripted([error(502), drop, json(200, model)]);
    await expect(s.client.getModel()).resolves.toEqual(model);
    expect(s.requests).toHaveLength(3);
    const t = await scripted([error(504), json(200, model)]);
    await expect(t.client.getModel()).resolves.toEqual(model);
  });

  it('gives up after 3 attempts, saying so and naming the last status', async () => {
    const s = await scripted([error(503)]);
    await expect(s.client.getModel()).rejects.toThrow(
      /3 attempts.*503|503.*3 attempts/,
    );
    expect(s.requests).toHaveLength(3);
    expect(s.waits).toEqual([1000, 2000]);
  });

  it('does not retry other errors', async () => {
    const s = await scripted([error(500)]);
    await expect(s.client.getModel()).rejects.toThrow(/500/);
    expect(s.requests).toHaveLength(1);
  });

  it('gives up when Retry-After asks for more than 60 s', async () => {
    const s = await scripted([
      error(429, { 'retry-after': '120' }),
      json(200, model),
    ]);
    await expect(s.client.getModel()).rejects.toThrow(/120 s.*60 s/);
    expect(s.requests).toHaveLength(1);
    expect(s.waits).toEqual([]);
  });

  it('times out a GET that gets no answer, and retries it', async () => {
    const s = await scripted([hang]);
    await expect(s.client.getModel()).rejects.toThrow(
      /no answer within 0\.3 s.*3 attempts/,
    );
    expect(s.requests).toHaveLength(3);
  });

  it('retries a push the backend answered 503, then 202', async () => {
    const s = await scripted([error(503), json(202, { accepted: 1 })]);
    await expect(s.client.pushResults({ results: [] })).resolves.toEqual({
      accepted: 1,
    });
    expect(s.requests).toEqual([
      'POST /api/readiness/results',
      'POST /api/readiness/results',
    ]);
  });

  it('does not retry a push that timed out: it may have been taken', async () => {
    const s = await scripted([hang, json(202, {})]);
    const push = s.client.pushResults({ results: [] });
    await expect(push).rejects.toThrow(/no answer within 0\.3 s/);
    await expect(push).rejects.toThrow(/may have been taken/);
    expect(s.requests).toHaveLength(1);
  });

  it('names the request whose answer is not JSON, as from a login page behind a proxy', async () => {
    const page: Reply = res => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<!DOCTYPE html><title>Sign in</title>');
    };
    const s = await scripted([page]);
    await expect(s.client.getModel()).rejects.toThrow(
      "GET /model: the answer (200, text/html) is not JSON: is --url the readiness backend's address?",
    );
    expect(s.requests).toHaveLength(1);
  });

  it("names the request whose JSON is not the readiness backend's, as from another service", async () => {
    const s = await scripted([
      json(200, { status: 'ok', items: [] }),
      json(200, { scorecard: { entityRef: 'x' }, stale: false }),
      json(200, { items: [{ entityRef: 'x', campaigns: [{ id: 'c' }] }] }),
    ]);
    await expect(s.client.getModel()).rejects.toThrow(
      /^GET \/model: the answer is not the readiness backend's \(answer\.checks: .*; answer\.levels: .*\): is --url the readiness backend's address\?$/,
    );
    await expect(s.client.getScorecard('checkout')).rejects.toThrow(
      /^GET \/entities\/component\/default\/checkout: the answer is not the readiness backend's \(answer\.scorecard\.score: /,
    );
    await expect(s.client.getEntitiesCampaigns(['x'])).rejects.toThrow(
      /^GET \/entity-campaigns\?entityRef=x: the answer is not the readiness backend's \(answer\.items\.0\.campaigns\.0\.campaign: /,
    );
    expect(s.requests).toHaveLength(3);
  });

  it('takes a push answered 202 as saved, whatever its body', async () => {
    const s = await scripted([
      res => {
        res.writeHead(202, { 'content-type': 'text/plain' });
        res.end('Accepted');
      },
    ]);
    await expect(s.client.pushResults({ results: [] })).resolves.toBe(
      undefined,
    );
  });

  it('does not retry a push answered 502', async () => {
    const s = await scripted([error(502), json(202, {})]);
    await expect(s.client.pushResults({ results: [] })).rejects.toThrow(
      /502 Bad Gateway.*may have been taken/,
    );
    expect(s.requests).toHaveLength(1);
  });
});
