import { ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import {
  EntityAboutCard,
  EntityDependsOnResourcesCard,
  EntityHasComponentsCard,
  EntityHasResourcesCard,
  EntityHasSystemsCard,
  EntityLayout,
  EntityLinksCard,
  EntityOrphanWarning,
  EntityProcessingErrorsPanel,
  EntityRelationWarning,
  EntitySwitch,
  hasCatalogProcessingErrors,
  hasRelationWarnings,
  isKind,
  isOrphan,
} from '@backstage/plugin-catalog';
import {
  EntityGroupProfileCard,
  EntityMembersListCard,
  EntityOwnershipCard,
  EntityUserProfileCard,
} from '@backstage/plugin-org';
import { EntityCatalogGraphCard } from '@backstage/plugin-catalog-graph';
import {
  EntityGroupReadinessCard,
  EntityReadinessCard,
  EntityReadinessContent,
  EntityReadinessRolesCard,
  isReadinessAvailable,
} from '@prodready/plugin-readiness';

const warnings = (
  <>
    <EntitySwitch>
      <EntitySwitch.Case if={isOrphan}>
        <Grid item xs={12}>
          <EntityOrphanWarning />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={hasRelationWarnings}>
        <Grid item xs={12}>
          <EntityRelationWarning />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
    <EntitySwitch>
      <EntitySwitch.Case if={hasCatalogProcessingErrors}>
        <Grid item xs={12}>
          <EntityProcessingErrorsPanel />
        </Grid>
      </EntitySwitch.Case>
    </EntitySwitch>
  </>
);

/** The Overview tab's grid: the catalog's warnings, then the cards. */
const overview = (cards: ReactNode) => (
  <Grid container spacing={3}>
    {warnings}
    {cards}
  </Grid>
);

/** A page with only an Overview tab. */
const overviewPage = (cards: ReactNode) => (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overview(cards)}
    </EntityLayout.Route>
  </EntityLayout>
);

/** Overview, Readiness tab: the same for components, systems and resources. */
const readinessEntityPage = (extraOverview?: ReactNode) => (
  <EntityLayout>
    <EntityLayout.Route path="/" title="Overview">
      {overview(
        <>
          <Grid item md={6} xs={12}>
            <EntityAboutCard />
          </Grid>
          <Grid item md={6} xs={12}>
            <EntityReadinessCard />
          </Grid>
          <Grid item md={6} xs={12}>
            <EntityCatalogGraphCard height={400} />
          </Grid>
          <Grid item md={6} xs={12}>
            <EntityLinksCard />
          </Grid>
          {extraOverview}
        </>,
      )}
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

const componentPage = readinessEntityPage(
  <Grid item md={6} xs={12}>
    <EntityDependsOnResourcesCard />
  </Grid>,
);

// A System's role holders apply to its components and resources, so its
// overview shows them too.
const systemPage = readinessEntityPage(
  <>
    <Grid item md={6} xs={12}>
      <EntityHasComponentsCard />
    </Grid>
    <Grid item md={6} xs={12}>
      <EntityHasResourcesCard />
    </Grid>
    <Grid item xs={12}>
      <EntityReadinessRolesCard />
    </Grid>
  </>,
);

const resourcePage = readinessEntityPage();

const groupPage = overviewPage(
  <>
    <Grid item xs={12} md={6}>
      <EntityGroupProfileCard />
    </Grid>
    <Grid item xs={12} md={6}>
      <EntityGroupReadinessCard />
    </Grid>
    <Grid item xs={12} md={6}>
      <EntityOwnershipCard />
    </Grid>
    <Grid item xs={12} md={6}>
      <EntityMembersListCard />
    </Grid>
  </>,
);

const userPage = overviewPage(
  <>
    <Grid item xs={12} md={6}>
      <EntityUserProfileCard />
    </Grid>
    <Grid item xs={12} md={6}>
      <EntityOwnershipCard />
    </Grid>
  </>,
);

const domainPage = overviewPage(
  <>
    <Grid item md={6}>
      <EntityAboutCard />
    </Grid>
    <Grid item md={6}>
      <EntityHasSystemsCard />
    </Grid>
  </>,
);

const defaultPage = overviewPage(
  <Grid item md={6}>
    <EntityAboutCard />
  </Grid>,
);

export const entityPage = (
  <EntitySwitch>
    <EntitySwitch.Case if={isKind('component')} children={componentPage} />
    <EntitySwitch.Case if={isKind('system')} children={systemPage} />
    <EntitySwitch.Case if={isKind('resource')} children={resourcePage} />
    <EntitySwitch.Case if={isKind('group')} children={groupPage} />
    <EntitySwitch.Case if={isKind('user')} children={userPage} />
    <EntitySwitch.Case if={isKind('domain')} children={domainPage} />
    <EntitySwitch.Case>{defaultPage}</EntitySwitch.Case>
  </EntitySwitch>
);
