import { ResponseError } from '@backstage/errors';
import {
  normalizeEntityRef,
  ReadinessModel,
  ScorecardResponse,
} from '@prodready/plugin-readiness-common';

/** The parts of the readiness REST API a pipeline needs. */
export class ReadinessHttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string | undefined,
  ) {}

  getModel(): Promise<ReadinessModel> {
    return this.request('GET', '/model');
  }

  getScorecard(entityRef: string): Promise<ScorecardResponse> {
    const ref = normalizeEntityRef(entityRef, {
      defaultKind: 'component',
      defaultNamespace: 'default',
    });
    return this.request('GET', `/entities/${ref.replace(':', '/')}`);
  }

  pushResults(body: unknown): Promise<unknown> {
    return this.request('POST', '/results', body);
  }

  private async request<T>(method: string, path: string, body?: unknown) {
    const response = await fetch(`${this.baseUrl}/api/readiness${path}`, {
      method,
      headers: {
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
