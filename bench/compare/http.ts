/*
 * The bench's HTTP client (Node's fetch, one connection pool for both sides)
 * and the statistics it prints.
 */
import { readFileSync } from 'fs';

export interface Timed<T> {
  status: number;
  ms: number;
  body?: T;
}

/** One request with the bench's token; the body is parsed when the status is 2xx. */
export async function timedRequest<T>(
  url: string,
  token: string,
  init: { method?: string; json?: unknown } = {},
): Promise<Timed<T>> {
  const start = process.hrtime.bigint();
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.json !== undefined
        ? { 'content-type': 'application/json' }
        : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const text = await response.text();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const body = response.ok && text ? (JSON.parse(text) as T) : undefined;
  return { status: response.status, ms, body };
}

/** The request, failing with the response's status unless it is 2xx. */
export async function expectOk<T>(
  url: string,
  token: string,
  init: { method?: string; json?: unknown } = {},
): Promise<Timed<T> & { body: T }> {
  const result = await timedRequest<T>(url, token, init);
  if (result.status >= 300 || result.body === undefined) {
    throw new Error(`${init.method ?? 'GET'} ${url}: HTTP ${result.status}`);
  }
  return result as Timed<T> & { body: T };
}

export interface Latency {
  p50: number;
  p99: number;
  count: number;
}

export const percentile = (values: number[], p: number) =>
  [...values].sort((a, b) => a - b)[
    Math.min(values.length - 1, Math.floor(values.length * p))
  ];

export const median = (values: number[]) => percentile(values, 0.5);

/**
 * Sequential requests, one client: `warmUp` unmeasured passes over the first
 * targets, then one measured request per target. Fails on any non-2xx.
 */
export async function latency(
  targets: string[],
  request: (target: string) => Promise<Timed<unknown>>,
  warmUp = 20,
): Promise<Latency> {
  for (const target of targets.slice(0, warmUp)) await request(target);
  const samples: number[] = [];
  for (const target of targets) {
    const result = await request(target);
    if (result.status >= 300) {
      throw new Error(`${target}: HTTP ${result.status}`);
    }
    samples.push(result.ms);
  }
  return {
    p50: percentile(samples, 0.5),
    p99: percentile(samples, 0.99),
    count: samples.length,
  };
}

/** Polls `probe` until it returns a value, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
  intervalMs = 1000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}

/** The 1-, 5- and 15-minute load averages, as /proc/loadavg shows them. */
export const loadAverage = () =>
  readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
