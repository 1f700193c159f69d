// New frontend system: the plugin is a feature of createApp.
import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import readinessPlugin, {
  entityGroupReadinessCard,
  entityReadinessCard,
  entityReadinessContent,
  entityReadinessRolesCard,
  readinessApi,
  readinessPage,
} from '@prodready/plugin-readiness/alpha';

export const app = createApp({ features: [catalogPlugin, readinessPlugin] });
export const extensions = [
  readinessApi,
  readinessPage,
  entityReadinessContent,
  entityReadinessCard,
  entityReadinessRolesCard,
  entityGroupReadinessCard,
];

// Legacy frontend system: routes, sidebar item, entity tab and cards.
import Grid from '@material-ui/core/Grid';
import AssessmentIcon from '@material-ui/icons/Assessment';
import { SidebarItem } from '@backstage/core-components';
import { EntityLayout, EntitySwitch, isKind } from '@backstage/plugin-catalog';
import { Route } from 'react-router-dom';
import {
  EntityGroupReadinessCard,
  EntityReadinessCard,
  EntityReadinessContent,
  EntityReadinessRolesCard,
  isReadinessAvailable,
  ReadinessPage,
  readinessApiRef,
  readinessPlugin as legacyReadinessPlugin,
} from '@prodready/plugin-readiness';

export const legacy = { readinessApiRef, legacyReadinessPlugin };
export const route = <Route path="/readiness" element={<ReadinessPage />} />;
export const sidebarItem = (
  <SidebarItem icon={AssessmentIcon} to="readiness" text="Readiness" />
);
export const serviceEntityPage = (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      <Grid container spacing={3}>
        <EntitySwitch>
          <EntitySwitch.Case if={isReadinessAvailable}>
            <Grid item md={6}>
              <EntityReadinessCard />
            </Grid>
            <Grid item md={6}>
              <EntityReadinessRolesCard />
            </Grid>
          </EntitySwitch.Case>
        </EntitySwitch>
      </Grid>
    </EntityLayout.Route>
    <EntityLayout.Route
      path="/readiness"
      title="Readiness"
      if={isReadinessAvailable}
    >
      <EntityReadinessContent />
    </EntityLayout.Route>
  </EntityLayout>
);
export const groupOverviewCards = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('group')}>
      <Grid item xs={12}>
        <EntityGroupReadinessCard />
      </Grid>
    </EntitySwitch.Case>
  </EntitySwitch>
);
