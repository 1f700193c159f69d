import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  AnswerInput,
  CampaignDetailResponse,
  CampaignGroupsResponse,
  CampaignEntitiesResponse,
  CampaignInput,
  CampaignListResponse,
  EntitiesCampaignsResponse,
  EntityCampaignsResponse,
  CostTableInput,
  CostTableResponse,
  ExemptionListResponse,
  ExemptionRequest,
  SystemCostListResponse,
  SystemCostQuery,
  HierarchyProblemsResponse,
  HistoryResponse,
  ReadinessModel,
  RoleInput,
  RollupDetailResponse,
  RollupListResponse,
  ScorecardListResponse,
  ScorecardResponse,
  UpcomingImpactReport,
} from '@prodready/plugin-readiness-common';
import {
  ReadinessApi,
  RollupListQuery,
  ScorecardListQuery,
} from './ReadinessApi';

type Result<K extends keyof ReadinessApi> = Awaited<
  ReturnType<ReadinessApi[K]>
>;

function entityPath(entityRef: string): string {
  const { kind, namespace, name } = parseEntityRef(entityRef);
  return [kind, namespace, name].map(encodeURIComponent).join('/');
}

function queryString(query: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value])
      params.append(key, String(v));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The text of a streamed CSV body, telling `onRows` after each chunk how
 * many rows (line ends outside quoted fields, the header not counted) have
 * arrived.
 */
async function readCountingRows(
  body: ReadableStream<Uint8Array>,
  onRows: (rows: number) => void,
): Promise<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const chunks: string[] = [];
  let quoted = false;
  let lines = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = decoder.decode(value, { stream: true });
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      // A quote opens or closes a field; an escaped one ("") does both.
      if (c === 34) quoted = !quoted;
      else if (c === 10 && !quoted) lines++;
    }
    chunks.push(chunk);
    onRows(Math.max(0, lines - 1));
  }
  chunks.push(decoder.decode());
  return chunks.join('');
}

/** Talks to the readiness backend through the discovery and fetch APIs. @public */
export class ReadinessClient implements ReadinessApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  private async send(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('readiness');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      ...init,
      headers: init?.body
        ? { 'Content-Type': 'application/json', ...init.headers }
        : init?.headers,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    return (await (await this.send(path, init)).json()) as T;
  }

  getModel() {
    return this.request<ReadinessModel>('/model');
  }

  getScorecard(entityRef: string, options?: { etag?: string }) {
    const query = options?.etag
      ? `?${new URLSearchParams({ etag: options.etag })}`
      : '';
    return this.request<ScorecardResponse>(
      `/entities/${entityPath(entityRef)}${query}`,
    );
  }

  putAnswer(entityRef: string, checkId: string, input: AnswerInput) {
    return this.request<Result<'putAnswer'>>(
      `/entities/${entityPath(entityRef)}/answers/${encodeURIComponent(
        checkId,
      )}`,
      { method: 'PUT', body: JSON.stringify(input) },
    );
  }

  deleteAnswer(entityRef: string, checkId: string, version: number) {
    return this.request<Result<'deleteAnswer'>>(
      `/entities/${entityPath(entityRef)}/answers/${encodeURIComponent(
        checkId,
      )}`,
      { method: 'DELETE', body: JSON.stringify({ version }) },
    );
  }

  reviewAnswer(entityRef: string, checkId: string, version: number) {
    return this.request<Result<'reviewAnswer'>>(
      `/entities/${entityPath(entityRef)}/answers/${encodeURIComponent(
        checkId,
      )}/review`,
      { method: 'POST', body: JSON.stringify({ version }) },
    );
  }

  putRole(entityRef: string, roleId: string, input: RoleInput) {
    return this.request<Result<'putRole'>>(
      `/entities/${entityPath(entityRef)}/roles/${encodeURIComponent(roleId)}`,
      { method: 'PUT', body: JSON.stringify(input) },
    );
  }

  deleteRole(entityRef: string, roleId: string, version: number) {
    return this.request<Result<'deleteRole'>>(
      `/entities/${entityPath(entityRef)}/roles/${encodeURIComponent(roleId)}`,
      { method: 'DELETE', body: JSON.stringify({ version }) },
    );
  }

  getHistory(entityRef: string) {
    return this.request<HistoryResponse>(
      `/entities/${entityPath(entityRef)}/history`,
    );
  }

  getCostTable(entityRef: string) {
    return this.request<CostTableResponse>(
      `/entities/${entityPath(entityRef)}/cost`,
    );
  }

  putCostTable(entityRef: string, input: CostTableInput) {
    return this.request<Result<'putCostTable'>>(
      `/entities/${entityPath(entityRef)}/cost`,
      { method: 'PUT', body: JSON.stringify(input) },
    );
  }

  deleteCostTable(entityRef: string, version: number) {
    return this.request<Result<'deleteCostTable'>>(
      `/entities/${entityPath(entityRef)}/cost`,
      { method: 'DELETE', body: JSON.stringify({ version }) },
    );
  }

  listExemptions(entityRef: string) {
    return this.request<ExemptionListResponse>(
      `/entities/${entityPath(entityRef)}/exemptions`,
    );
  }

  requestExemption(entityRef: string, input: ExemptionRequest) {
    return this.request<Result<'requestExemption'>>(
      `/entities/${entityPath(entityRef)}/exemptions`,
      { method: 'POST', body: JSON.stringify(input) },
    );
  }

  decideExemption(
    entityRef: string,
    exemptionId: string,
    decision: 'approve' | 'reject',
    input: { version: number; note?: string },
  ) {
    return this.request<Result<'decideExemption'>>(
      `/entities/${entityPath(entityRef)}/exemptions/${encodeURIComponent(
        exemptionId,
      )}/${decision}`,
      { method: 'POST', body: JSON.stringify(input) },
    );
  }

  listCampaigns(query: { group?: string; open?: boolean } = {}) {
    return this.request<CampaignListResponse>(
      `/campaigns${queryString(query)}`,
    );
  }

  getCampaign(id: string) {
    return this.request<CampaignDetailResponse>(
      `/campaigns/${encodeURIComponent(id)}`,
    );
  }

  listCampaignGroups(
    id: string,
    query: Parameters<ReadinessApi['listCampaignGroups']>[1] = {},
  ) {
    return this.request<CampaignGroupsResponse>(
      `/campaigns/${encodeURIComponent(id)}/groups${queryString(query)}`,
    );
  }

  listCampaignEntities(
    id: string,
    query: Parameters<ReadinessApi['listCampaignEntities']>[1] = {},
  ) {
    return this.request<CampaignEntitiesResponse>(
      `/campaigns/${encodeURIComponent(id)}/entities${queryString(query)}`,
    );
  }

  getEntityCampaigns(entityRef: string) {
    return this.request<EntityCampaignsResponse>(
      `/entities/${entityPath(entityRef)}/campaigns`,
    );
  }

  getEntitiesCampaigns(entityRefs: string[]) {
    const query = new URLSearchParams(
      entityRefs.map(ref => ['entityRef', ref]),
    );
    return this.request<EntitiesCampaignsResponse>(
      `/entity-campaigns?${query}`,
    );
  }

  createCampaign(input: CampaignInput) {
    return this.request<Result<'createCampaign'>>('/campaigns', {
      method: 'POST',
      body: JSON.stringify(input),
    });
  }

  updateCampaign(id: string, input: CampaignInput) {
    return this.request<Result<'updateCampaign'>>(
      `/campaigns/${encodeURIComponent(id)}`,
      { method: 'PUT', body: JSON.stringify(input) },
    );
  }

  async deleteCampaign(id: string, version: number) {
    await this.request<{ deleted: string }>(
      `/campaigns/${encodeURIComponent(id)}`,
      { method: 'DELETE', body: JSON.stringify({ version }) },
    );
  }

  listSystemCosts(query: SystemCostQuery) {
    return this.request<SystemCostListResponse>(
      `/cost/systems${queryString(query)}`,
    );
  }

  listScorecards(query: ScorecardListQuery) {
    return this.request<ScorecardListResponse>(
      `/scorecards${queryString(query)}`,
    );
  }

  async exportScorecardsCsv(
    filter: Parameters<ReadinessApi['exportScorecardsCsv']>[0],
    options: Parameters<ReadinessApi['exportScorecardsCsv']>[1] = {},
  ) {
    const response = await this.send(`/export.csv${queryString(filter)}`);
    const { onRows } = options;
    if (!onRows || !response.body) return response.text();
    return readCountingRows(response.body, onRows);
  }

  listRollups(query: RollupListQuery) {
    return this.request<RollupListResponse>(`/rollups${queryString(query)}`);
  }

  getRollup(
    rollupRef: string,
    options: {
      asOf?: string;
      limit?: number;
      offset?: number;
      childLimit?: number;
    } = {},
  ) {
    return this.request<RollupDetailResponse>(
      `/rollups/${entityPath(rollupRef)}${queryString(options)}`,
    );
  }

  getHierarchyProblems() {
    return this.request<HierarchyProblemsResponse>('/hierarchy-problems');
  }

  getUpcomingImpact() {
    return this.request<UpcomingImpactReport>('/upcoming-impact');
  }
}
