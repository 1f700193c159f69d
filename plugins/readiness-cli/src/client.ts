import { ResponseError } from '@backstage/errors';
import { ZodTypeAny } from 'zod';
import {
  entitiesCampaignsReply,
  modelReply,
  scorecardListReply,
  scorecardReply,
} from './replyShapes';
import {
  describeIssues,
  EntitiesCampaignsResponse,
  normalizeEntityRef,
  ReadinessModel,
  ScorecardListResponse,
  ScorecardResponse,
} from '@prodready/plugin-readiness-common';

/** `/entities/<kind>/<namespace>/<name>`; a ref without a kind is a Component. */
function entityPath(entityRef: string) {
  const ref = normalizeEntityRef(entityRef, {
    defaultKind: 'component',
    defaultNamespace: 'default',
  });
  return `/entities/${ref.replace(':', '/')}`;
}

/** How the client authenticates, times out and waits between attempts. */
export interface ReadinessClientOptions {
  token?: string;
  /** Per attempt, from sending the request to reading the body; default 30 s. */
  timeoutMs?: number;
  /** Waits between attempts; tests pass one that records instead. */
  sleep?: (ms: number) => Promise<void>;
}

type Method = 'GET' | 'POST';

const MAX_ATTEMPTS = 3;
/** The waits after the first and second attempt when there is no Retry-After. */
const BACKOFF_MS = [1000, 2000];
/** A pipeline had rather fail than wait longer than this for one request. */
const MAX_WAIT_MS = 60_000;
/**
 * A read can always be repeated. A push only when the backend certainly did
 * not take it: rate-limited (429) or unavailable (503). A gateway's 502/504,
 * a timeout or a dropped connection may come after the backend saved it.
 */
const RETRY_STATUSES: Record<Method, Set<number>> = {
  GET: new Set([429, 502, 503, 504]),
  POST: new Set([429, 503]),
};

/** Retry-After (seconds or an HTTP date) in milliseconds; undefined when absent or unreadable. */
export function retryAfterMs(
  header: string | null,
  now = Date.now(),
): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** One failed attempt: what to report, and whether and when to try again. */
interface Failure {
  error: Error;
  /** `503 Service Unavailable`, `no answer within 30 s (--timeout)`, ... */
  last: string;
  retry: boolean;
  /**
   * No answer from the backend itself (a timeout, a dropped connection, a
   * gateway's 502/504): it may have acted on the request.
   */
  unknownOutcome: boolean;
  retryAfterMs?: number;
}

/** The backend's own message, when it sent one, for run() to print. */
const backendCause = (error: Error) =>
  error instanceof ResponseError ? { cause: error.cause } : undefined;
const attempts = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;
const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;

/** The parts of the readiness REST API a pipeline needs. */
export class ReadinessHttpClient {
  private readonly token: string | undefined;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(
    private readonly baseUrl: string,
    options: ReadinessClientOptions = {},
  ) {
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.sleep =
      options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  }

  getModel(): Promise<ReadinessModel> {
    return this.read('/model', modelReply);
  }

  getScorecard(entityRef: string): Promise<ScorecardResponse> {
    return this.read(entityPath(entityRef), scorecardReply);
  }

  /**
   * The stored scorecard summaries of up to ENTITY_REF_FILTER_MAX entities
   * in one request; an entity without one, or hidden from the caller, is
   * left out.
   */
  listScorecards(entityRefs: string[]): Promise<ScorecardListResponse> {
    const query = new URLSearchParams([
      ...entityRefs.map(ref => ['entityRef', ref]),
      ['limit', String(entityRefs.length)],
    ]);
    return this.read(`/scorecards?${query}`, scorecardListReply);
  }

  /**
   * The campaigns each entity is part of, with where it stands in each: up
   * to ENTITY_CAMPAIGNS_MAX entities in one request.
   */
  getEntitiesCampaigns(
    entityRefs: string[],
  ): Promise<EntitiesCampaignsResponse> {
    const query = new URLSearchParams(
      entityRefs.map(ref => ['entityRef', ref]),
    );
    return this.read(`/entity-campaigns?${query}`, entitiesCampaignsReply);
  }

  /**
   * A read whose answer must have `shape`: JSON from another service fails
   * naming the request and the first problems.
   */
  private async read<T>(path: string, shape: ZodTypeAny): Promise<T> {
    const body = await this.request<unknown>('GET', path);
    const parsed = shape.safeParse(body);
    if (!parsed.success) {
      throw new Error(
        `GET ${path}: the answer is not the readiness backend's (${describeIssues(
          parsed.error,
          'answer',
        )}): is --url the readiness backend's address?`,
      );
    }
    return body as T;
  }

  pushResults(body: unknown): Promise<unknown> {
    return this.request('POST', '/results', body);
  }

  /**
   * At most {@link MAX_ATTEMPTS} attempts, waiting as Retry-After asks (up to
   * {@link MAX_WAIT_MS}) or 1 s then 2 s: `push` makes several requests per
   * entity, and the backend is rate-limited.
   */
  private async request<T>(
    method: Method,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const what = `${method} ${path}`;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt<T>(method, path, body);
      if (!('error' in outcome)) return outcome.value;
      const { error, last, retry, unknownOutcome } = outcome;
      if (!retry) {
        if (unknownOutcome && method === 'POST') {
          throw new Error(
            `${what}: ${last}, after ${attempts(attempt)}; not retried, ` +
              'as the push may have been taken: check the entities before pushing again',
            backendCause(error),
          );
        }
        // Refused outright (400, 403, 500, ...): the backend's own error.
        if (attempt === 1) throw error;
      } else if (attempt < MAX_ATTEMPTS) {
        const wait = outcome.retryAfterMs ?? BACKOFF_MS[attempt - 1];
        if (wait > MAX_WAIT_MS) {
          throw new Error(
            `${what}: ${last}, and the backend asked to wait ${seconds(
              wait,
            )} before retrying, more than the ${seconds(
              MAX_WAIT_MS,
            )} this CLI waits; gave up after ${attempts(attempt)}`,
            backendCause(error),
          );
        }
        await this.sleep(wait);
        continue;
      }
      throw new Error(
        `${what}: ${last}, after ${attempts(attempt)}`,
        backendCause(error),
      );
    }
  }

  /**
   * A 2xx answer's JSON. A push answered 2xx was saved, whatever its body
   * says (or however much of it arrives); a read must be JSON, or `--url`
   * is not the readiness backend's (a login page behind a proxy, the app).
   */
  private async bodyOf<T>(
    response: Response,
    method: Method,
    path: string,
  ): Promise<T> {
    if (method === 'POST') {
      return (await response.json().catch(() => undefined)) as T;
    }
    const text = await response.text();
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new Error(
        `${method} ${path}: the answer (${response.status}, ${
          response.headers.get('content-type') ?? 'no content type'
        }) is not JSON: is --url the readiness backend's address?`,
      );
    }
  }

  private async attempt<T>(
    method: Method,
    path: string,
    body: unknown,
  ): Promise<{ value: T } | Failure> {
    try {
      const response = await fetch(`${this.baseUrl}/api/readiness${path}`, {
        method,
        headers: {
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        // Covers reading the body too: a backend can stall mid-answer.
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      if (response.ok) {
        return { value: await this.bodyOf<T>(response, method, path) };
      }
      return {
        error: await ResponseError.fromResponse(response),
        last: `${response.status} ${response.statusText}`.trim(),
        retry: RETRY_STATUSES[method].has(response.status),
        unknownOutcome: response.status === 502 || response.status === 504,
        retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      };
    } catch (e) {
      // Compared by name: in tests, fetch's errors come from another realm.
      const error = e as Error;
      if (error.name !== 'TimeoutError' && error.name !== 'TypeError') {
        throw error;
      }
      const cause = error.cause as (Error & { code?: string }) | undefined;
      return {
        error,
        last:
          error.name === 'TimeoutError'
            ? `no answer within ${seconds(this.timeoutMs)} (--timeout)`
            : `network error (${
                cause?.message || cause?.code || error.message
              })`,
        retry: method === 'GET',
        unknownOutcome: true,
      };
    }
  }
}
