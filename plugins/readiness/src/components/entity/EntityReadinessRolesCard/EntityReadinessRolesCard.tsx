import { Progress } from '@backstage/core-components';
import { useEntityScorecard } from '../../../hooks/useEntityScorecard';
import { useReadinessPermissions } from '../../../hooks/useReadinessPermissions';
import { RolesCard } from './RolesCard';
import { ReadinessErrorPanel } from '../../shared/ReadinessErrorPanel';

/**
 * The Minimum Viable Organisation roles of the entity in context, for an
 * entity page (the readiness tab shows the same card).
 * @public
 */
export function EntityReadinessRolesCard() {
  const { entityRef, value, loading, error, retry, replaceScorecard } =
    useEntityScorecard();
  const permissions = useReadinessPermissions(entityRef);
  if (loading) return <Progress />;
  if (error) return <ReadinessErrorPanel error={error} onRetry={retry} />;
  if (!value) return null;
  return (
    <RolesCard
      entityRef={entityRef}
      model={value.model}
      scorecard={value.scorecard}
      canAssign={permissions.canAssignRoles}
      onChanged={replaceScorecard}
      onStale={retry}
    />
  );
}
