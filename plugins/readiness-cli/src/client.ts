import { ResponseError } from '@backstage/errors';
import {
  EntityCampaignsResponse,
  normalizeEntityRef,
  ReadinessModel,
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
    return this.request('GET', entityPath(entityRef));
  }

  /** The campaigns the entity is part of, with where it stands in each. */
  getEntityCampaigns(entityRef: string): Promise<EntityCampaignsResponse> {
    return this.request('GET', `${entityPath(entityRef)}/campaigns`);
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
