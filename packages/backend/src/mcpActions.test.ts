/*
 * The readiness actions through the MCP endpoint, on the real plugins the
 * demo backend runs: the catalog with the demo organisation, the permission
 * backend with the portal policy, the readiness backend and the MCP actions
 * backend with `backend.actions.pluginSources: [readiness]`. An MCP client
 * lists the tools, calls a read tool, and a non-owner's write is refused
 * while the owner's goes through.
 *
 * Callers are users with mock tokens (`__testUtils__/mockUsers.ts`).
 */

import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AddressInfo } from 'node:net';
import {
  DEMO_CATALOG_CONFIG,
  computeDemoReadiness,
} from './__testUtils__/demoCatalog';
import {
  DEMO_MEMBERSHIP,
  mockUserInfo,
  onBehalfOfHttpAuth,
} from './__testUtils__/mockUsers';

jest.setTimeout(180_000);

const PAYMENTS_API = 'component:default/payments-api';

describe('readiness actions through the MCP endpoint', () => {
  let base: string;
  let nextId = 1;

  /** One JSON-RPC call to the MCP endpoint (stateless streamable HTTP). */
  async function mcp(user: string, method: string, params: object = {}) {
    const res = await fetch(`${base}/api/mcp-actions/v1`, {
      method: 'POST',
      headers: {
        authorization: mockCredentials.user.header(user),
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method}: ${res.status} ${text}`);
    // An event stream with one message, or plain JSON.
    const data = text.startsWith('{')
      ? text
      : text
          .split('\n')
          .filter(line => line.startsWith('data: '))
          .map(line => line.slice(6))
          .join('');
    const message = JSON.parse(data);
    if (message.error) throw new Error(JSON.stringify(message.error));
    return message.result;
  }

  beforeAll(async () => {
    const { server } = await startTestBackend({
      features: [
        require('@backstage/plugin-catalog-backend').default,
        require('@backstage/plugin-permission-backend').default,
        require('./modules/permissionPolicy').default,
        require('@prodready/plugin-readiness-backend').default,
        require('@backstage/plugin-mcp-actions-backend').default,
        mockUserInfo(DEMO_MEMBERSHIP),
        onBehalfOfHttpAuth,
        mockServices.rootConfig.factory({
          data: {
            backend: { actions: { pluginSources: ['readiness'] } },
            permission: {
              enabled: true,
              readinessAdminGroups: ['group:default/readiness-admins'],
              adminGroups: ['group:default/readiness-admins'],
            },
            catalog: DEMO_CATALOG_CONFIG,
          },
        }),
      ],
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const carol = mockCredentials.user.header('user:default/carol');

    await computeDemoReadiness(base, carol);
  });

  it('lists the readiness tools with their annotations', async () => {
    const { tools } = await mcp('user:default/bob', 'tools/list');
    const byName = new Map<string, any>(tools.map((t: any) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual([
      'readiness.answer-check',
      'readiness.assign-role',
      'readiness.get-entity-campaigns',
      'readiness.get-entity-scorecard',
      'readiness.get-rollup',
      'readiness.list-campaigns',
      'readiness.list-failing-checks',
    ]);
    expect(
      byName.get('readiness.get-entity-scorecard').annotations,
    ).toMatchObject({
      readOnlyHint: true,
      destructiveHint: false,
      idempotentHint: true,
    });
    expect(byName.get('readiness.answer-check').annotations).toMatchObject({
      readOnlyHint: false,
      destructiveHint: true,
    });
    expect(byName.get('readiness.answer-check').inputSchema.required).toEqual(
      expect.arrayContaining(['entityRef', 'checkId', 'status']),
    );
  });

  it('calls a read tool: the failing checks of a team, with guidance', async () => {
    const result = await mcp('user:default/bob', 'tools/call', {
      name: 'readiness.list-failing-checks',
      arguments: { team: 'group:default/payments-team' },
    });
    expect(result.isError).toBeFalsy();
    const output = result.structuredContent;
    expect(output.entities.map((e: any) => e.entityRef)).toContain(
      PAYMENTS_API,
    );
    expect(output.checks.length).toBeGreaterThan(0);
    for (const check of output.checks) {
      expect(check.guidance.length).toBeGreaterThan(0);
    }

    const scorecard = await mcp('user:default/bob', 'tools/call', {
      name: 'readiness.get-entity-scorecard',
      arguments: { entityRef: PAYMENTS_API },
    });
    expect(scorecard.structuredContent).toMatchObject({
      entityRef: PAYMENTS_API,
      owner: 'group:default/payments-team',
    });
  });

  it("refuses a non-owner's write and lets the owner's through", async () => {
    const args = {
      entityRef: PAYMENTS_API,
      checkId: 'scalability.load-test',
      status: 'met',
      evidenceUrl: 'https://k6.example/run/42',
      version: 0,
    };
    const refused = await mcp('user:default/bob', 'tools/call', {
      name: 'readiness.answer-check',
      arguments: args,
    });
    expect(refused.isError).toBe(true);
    expect(refused.content[0].text).toMatch(
      /NotAllowedError: .*readiness.answer.update on component:default\/payments-api/,
    );

    const answered = await mcp('user:default/alice', 'tools/call', {
      name: 'readiness.answer-check',
      arguments: args,
    });
    expect(answered.isError).toBeFalsy();
    expect(answered.structuredContent).toMatchObject({
      checkId: 'scalability.load-test',
      status: 'met',
      version: 1,
    });
  });
});
