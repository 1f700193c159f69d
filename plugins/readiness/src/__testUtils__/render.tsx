import { ReactElement } from 'react';
import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import {
  AlertApi,
  alertApiRef,
  AlertMessage,
  identityApiRef,
} from '@backstage/core-plugin-api';
import {
  catalogApiRef,
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import {
  PermissionApi,
  permissionApiRef,
} from '@backstage/plugin-permission-react';
import { Theme, ThemeProvider } from '@material-ui/core/styles';
import { ReadinessApi, readinessApiRef } from '../api/ReadinessApi';
import { rootRouteRef } from '../routes';

// AuthorizeResult lives in @backstage/plugin-permission-common, which this
// package does not depend on; its values are the strings below.
type Decision = Awaited<ReturnType<PermissionApi['authorize']>>;
const ALLOW = { result: 'ALLOW' } as unknown as Decision;
const DENY = { result: 'DENY' } as unknown as Decision;

/** Which readiness permissions the fake policy grants, by permission name. */
export type Grants = Partial<
  Record<
    | 'readiness.answer.update'
    | 'readiness.role.update'
    | 'readiness.answer.review'
    | 'readiness.admin',
    boolean
  >
>;

/** A permission API answering from a fixed table; anything not listed is denied. */
export function fakePermissionApi(grants: Grants): PermissionApi & {
  requests: { name: string; resourceRef?: string }[];
} {
  const requests: { name: string; resourceRef?: string }[] = [];
  return {
    requests,
    async authorize(request) {
      const resourceRef =
        'resourceRef' in request ? (request.resourceRef as string) : undefined;
      requests.push({ name: request.permission.name, resourceRef });
      return grants[request.permission.name as keyof Grants] ? ALLOW : DENY;
    },
  };
}

export const OWNER: Grants = {
  'readiness.answer.update': true,
  'readiness.role.update': true,
};
export const READER: Grants = {};
export const ADMIN: Grants = { 'readiness.admin': true };

/** Catalog users and groups for the holder picker. */
export const catalogEntities: Entity[] = [
  ['User', 'alice', 'Alice Andersson'],
  ['User', 'bob', 'Bob Brown'],
  ['User', 'dmitri', 'Dmitri Petrov'],
  ['Group', 'payments-team', 'Payments'],
  ['Group', 'sre', 'Site Reliability Engineering'],
].map(([kind, name, displayName]) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: { profile: { displayName } },
}));

/**
 * An alert API that keeps what was posted; nothing in a test displays
 * alerts, so none is ever pushed to subscribers.
 */
function recordingAlertApi(posted: AlertMessage[]): AlertApi {
  return {
    post: message => void posted.push(message),
    alert$: () =>
      ({
        subscribe: () => ({ closed: true, unsubscribe: () => {} }),
      } as unknown as ReturnType<AlertApi['alert$']>),
  };
}

function withoutRipples(outer: Theme): Theme {
  return {
    ...outer,
    props: { ...outer.props, MuiButtonBase: { disableRipple: true } },
  };
}

/**
 * Renders readiness UI in a test app with the readiness API mocked at its
 * interface, a fake permission policy and an in-memory catalog.
 */
export async function renderReadiness(
  ui: ReactElement,
  options: {
    api: Partial<ReadinessApi>;
    grants?: Grants;
    entity?: Entity;
    routeEntries?: string[];
    /** The signed-in user's ownership refs (the user and their groups). */
    ownershipEntityRefs?: string[];
    /** The signed-in user (default alice). */
    userEntityRef?: string;
    /** Mount the organisation page at /readiness (default true). */
    organisationPage?: boolean;
  },
) {
  const permissionApi = fakePermissionApi(options.grants ?? READER);
  const alerts: AlertMessage[] = [];
  const content = (
    // MUI 4 ripples crash in jsdom when a just-mounted button gets focus.
    <ThemeProvider theme={withoutRipples}>
      {options.entity ? (
        <EntityProvider entity={options.entity}>{ui}</EntityProvider>
      ) : (
        ui
      )}
    </ThemeProvider>
  );
  const result = await renderInTestApp(
    <TestApiProvider
      apis={[
        [readinessApiRef, options.api],
        [permissionApiRef, permissionApi],
        [alertApiRef, recordingAlertApi(alerts)],
        [catalogApiRef, catalogApiMock({ entities: catalogEntities })],
        [
          identityApiRef,
          mockApis.identity({
            userEntityRef: options.userEntityRef ?? 'user:default/alice',
            ownershipEntityRefs: options.ownershipEntityRefs ?? [
              'user:default/alice',
            ],
          }),
        ],
      ]}
    >
      {content}
    </TestApiProvider>,
    {
      routeEntries: options.routeEntries,
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        ...(options.organisationPage === false
          ? {}
          : { '/readiness': rootRouteRef }),
      },
    },
  );
  /** The messages posted to the alert API, in order. */
  return { ...result, permissionApi, alerts };
}

/** The error the client throws for a 409 whose body carries `current`. */
export async function conflictError(current: unknown): Promise<ResponseError> {
  return responseError(409, 'Conflict', {
    name: 'ConflictError',
    message: 'The answer was changed by someone else',
    current,
  });
}

/** The error the client throws for a failed request. */
export async function responseError(
  status: number,
  statusText: string,
  error: { name: string; message: string; [key: string]: unknown },
): Promise<ResponseError> {
  const body = JSON.stringify({ error, response: { statusCode: status } });
  return ResponseError.fromResponse({
    status,
    statusText,
    ok: false,
    url: 'http://localhost/api/readiness',
    headers: {
      get: (name: string) =>
        name.toLowerCase() === 'content-type' ? 'application/json' : null,
    },
    text: async () => body,
  } as unknown as Response);
}
