import { screen } from '@testing-library/react';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import {
  EntityCardBlueprint,
  EntityContentBlueprint,
} from '@backstage/plugin-catalog-react/alpha';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import readinessPlugin, {
  entityGroupReadinessCard,
  entityReadinessCard,
  entityReadinessContent,
  entityReadinessRolesCard,
  myReadinessWidget,
  readinessApi,
  readinessPage,
} from './alpha';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { readinessApiRef } from './api/ReadinessApi';
import { ReadinessClient } from './api/ReadinessClient';
import {
  paymentsApi,
  scorecardApi,
  scorecardOf,
} from './__testUtils__/scorecards';

const component = paymentsApi();
const group = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments-team', namespace: 'default' },
  spec: { type: 'team' },
};

describe('readiness plugin for the new frontend system', () => {
  it('is the readiness plugin with its page, tab, cards and API', () => {
    expect(readinessPlugin.pluginId).toBe('readiness');
    expect(readinessPlugin.routes.root).toBeDefined();
  });

  it('provides the readiness client', () => {
    const tester = createExtensionTester(readinessApi);
    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api).toBe(readinessApiRef);
    const client = factory.factory({
      discoveryApi: { getBaseUrl: async () => '' },
      fetchApi: { fetch: jest.fn() },
    });
    expect(client).toBeInstanceOf(ReadinessClient);
  });

  it('mounts the organisation page at /readiness with a navigation title and icon', () => {
    const tester = createExtensionTester(readinessPage);
    expect(tester.get(coreExtensionData.routePath)).toBe('/readiness');
    expect(tester.get(coreExtensionData.title)).toBe('Readiness');
    expect(tester.get(coreExtensionData.icon)).toBeDefined();
  });

  it('adds the tab at /readiness for components, systems and resources only', () => {
    const tester = createExtensionTester(entityReadinessContent);
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Readiness');
    expect(tester.get(coreExtensionData.routePath)).toBe('/readiness');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(component)).toBe(true);
    expect(filter(group)).toBe(false);
  });

  it('filters the cards by kind', () => {
    const card = createExtensionTester(entityReadinessCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(card(component)).toBe(true);
    expect(card(group)).toBe(false);
    const roles = createExtensionTester(entityReadinessRolesCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(roles(component)).toBe(true);
    const groupCard = createExtensionTester(entityGroupReadinessCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(groupCard(group)).toBe(true);
    expect(groupCard(component)).toBe(false);
  });

  it('renders the readiness card of the entity in context', async () => {
    const scorecard = scorecardOf(component);
    const tester = createExtensionTester(entityReadinessCard);
    await renderInTestApp(
      <EntityProvider entity={component}>
        {tester.reactElement()}
      </EntityProvider>,
      {
        apis: [[readinessApiRef, scorecardApi(scorecard)]],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(await screen.findByText(`${scorecard.score}%`)).toBeInTheDocument();
  });

  it('offers the My readiness card to the home page', async () => {
    const widget = createExtensionTester(myReadinessWidget).get(
      HomePageWidgetBlueprint.dataRefs.widget,
    );
    expect(widget.title).toBe('My readiness');
    expect(widget.component).toBeDefined();
  });
});
