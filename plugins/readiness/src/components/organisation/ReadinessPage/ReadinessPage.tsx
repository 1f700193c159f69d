import {
  Content,
  Header,
  Page,
  Progress,
  ResponseErrorPanel,
  TabbedLayout,
} from '@backstage/core-components';
import { configApiRef, useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { readinessApiRef } from '../../../api/ReadinessApi';
import {
  DEFAULT_TREE_ORDER,
  prefetchRoots,
} from '../../../hooks/useRollupTree';
import { CampaignsView } from '../Campaigns';
import { EntityScorecardsView } from '../EntityScorecardsView';
import { OrganisationView } from '../OrganisationView';
import { RollupListView } from '../RollupListView';

/**
 * Organisation-wide readiness: the group tree with its heat map, rollups by
 * System and by Domain, and every entity's scorecard.
 * @public
 */
export function ReadinessPage() {
  const api = useApi(readinessApiRef);
  const organisation =
    useApi(configApiRef).getOptionalString('organization.name');
  // The tree's roots are asked for beside the model, not once it arrived:
  // they do not depend on it, and the Organisation tab opens first.
  const { value, loading, error } = useAsync(async () => {
    const firstRoots = prefetchRoots(api, DEFAULT_TREE_ORDER);
    return { model: await api.getModel(), firstRoots };
  }, [api]);
  const model = value?.model;
  return (
    <Page themeId="tool">
      <Header
        title="Production readiness"
        subtitle={`How ready ${
          organisation ?? 'the organisation'
        } is for production, by team, system and domain`}
      />
      {loading && (
        <Content>
          <Progress />
        </Content>
      )}
      {error && (
        <Content>
          <ResponseErrorPanel error={error} />
        </Content>
      )}
      {model && (
        <TabbedLayout>
          <TabbedLayout.Route path="/" title="Organisation">
            <OrganisationView model={model} firstRoots={value.firstRoots} />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/systems" title="By System">
            <RollupListView model={model} by="system" />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/domains" title="By Domain">
            <RollupListView model={model} by="domain" />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/entities" title="Entities">
            <EntityScorecardsView model={model} />
          </TabbedLayout.Route>
          <TabbedLayout.Route path="/campaigns" title="Campaigns">
            <CampaignsView model={model} />
          </TabbedLayout.Route>
        </TabbedLayout>
      )}
    </Page>
  );
}
