import { useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Progress,
  ResponseErrorPanel,
  WarningPanel,
} from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import { COST_TABLE_CHECKS } from '@prodready/plugin-readiness-common';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { useEntityHistory } from '../../../hooks/useEntityHistory';
import { useCheckActions } from '../../../hooks/useCheckActions';
import { useEntityScorecard } from '../../../hooks/useEntityScorecard';
import { useReadinessPermissions } from '../../../hooks/useReadinessPermissions';
import {
  checkRows,
  hasOwnerAnswers,
  isExpiring,
  isFailing,
} from '../../../lib/checks';
import { levelTitle, notAssessedExplanation } from '../../../lib/presentation';
import { AnswerDialog } from '../AnswerDialog';
import { CategorySection } from '../CategorySection';
import { ChangeHistoryCard } from '../ChangeHistoryCard';
import {
  CheckFilters,
  CheckFilterState,
  NO_CHECK_FILTER,
} from '../CheckFilters';
import { ConfirmDialog } from '../../shared/ConfirmDialog';
import { CostCurveCard } from '../../shared/CostCurve';
import { EntityCampaigns } from '../EntityCampaigns';
import { RolesCard } from '../EntityReadinessRolesCard';
import { ReadinessEmptyState } from '../ReadinessEmptyState';
import { ScorecardSummaryCard } from '../ScorecardSummaryCard';
import { ScoreTrendCard } from '../../shared/ScoreTrendCard';
import { ReadinessErrorPanel } from '../../shared/ReadinessErrorPanel';
import { EntityExemptionsProvider } from '../ExemptionPanel';

/**
 * The "Readiness" tab of an entity: score and level, every check by
 * category with filters, the roles, and the history. Owners (as the
 * permission framework decides) answer, re-attest and revert here;
 * reviewers sign off; everybody else reads.
 * @public
 */
export function EntityReadinessContent() {
  const {
    entityRef,
    value,
    loading,
    error,
    refreshError,
    retry,
    replaceScorecard,
  } = useEntityScorecard();
  const permissions = useReadinessPermissions(entityRef);
  const identityApi = useApi(identityApiRef);
  // Who is signed in, so their own answers offer no sign-off.
  const identity = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );
  const [revision, setRevision] = useState(0);
  const history = useEntityHistory(entityRef, revision);
  const onChanged: typeof replaceScorecard = scorecard => {
    replaceScorecard(scorecard);
    setRevision(r => r + 1);
  };
  // Someone else's change (a 409): their change is in the history and the
  // campaigns too, not only in the scorecard.
  const reloadAll = () => {
    retry();
    setRevision(r => r + 1);
  };
  const actions = useCheckActions({
    entityRef,
    onChanged,
    onStale: reloadAll,
  });

  const [searchParams] = useSearchParams();
  const linkedCheck = searchParams.get('check') ?? undefined;
  const [filter, setFilter] = useState<CheckFilterState>(NO_CHECK_FILTER);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(
    () => new Set(linkedCheck ? [linkedCheck] : []),
  );
  const [highlighted, setHighlighted] = useState(linkedCheck);
  const now = useMemo(() => new Date(), []);

  // Bring a linked or chosen check into view once its row is rendered, and
  // the focus to it: the next Tab goes on from there, and a screen reader
  // says where the user was taken.
  const loaded = Boolean(value);
  useEffect(() => {
    if (!highlighted || !loaded) return;
    const row = document.getElementById(`check-${highlighted}`);
    row?.scrollIntoView?.({ behavior: 'smooth', block: 'center' });
    row
      ?.querySelector<HTMLElement>('button[aria-expanded]')
      ?.focus({ preventScroll: true });
  }, [highlighted, loaded]);

  if (loading) return <Progress />;
  if (error) return <ReadinessErrorPanel error={error} onRetry={retry} />;
  if (!value) return null;
  const { model, scorecard, stale } = value;

  const showCheck = (checkId: string) => {
    setFilter(NO_CHECK_FILTER);
    setExpanded(current => new Set([...current, checkId]));
    setHighlighted(checkId);
  };
  const toggle = (checkId: string) =>
    setExpanded(current => {
      const next = new Set(current);
      if (!next.delete(checkId)) next.add(checkId);
      return next;
    });

  const rows = checkRows(scorecard, model);
  const visible = rows.filter(
    row =>
      (!filter.category || row.definition.category === filter.category) &&
      (!filter.failingOnly || isFailing(row.result)) &&
      (!filter.expiringOnly || isExpiring(row.result, now)),
  );
  const categories = scorecard.categories.flatMap(score => {
    const category = model.categories.find(c => c.id === score.categoryId);
    const categoryRows = visible.filter(
      r => r.definition.category === score.categoryId,
    );
    return category && categoryRows.length
      ? [{ category, score, rows: categoryRows }]
      : [];
  });
  const firstUnanswered =
    rows.find(
      r =>
        r.result.status === 'unknown' &&
        r.definition.scoredBy !== 'role-health',
    ) ?? rows[0];
  const readOnly = !permissions.loading && !permissions.canAnswer;

  return (
    <EntityExemptionsProvider entityRef={entityRef}>
      <Grid container spacing={3}>
        {readOnly && (
          <Grid item xs={12}>
            <Alert severity="info" data-testid="readiness-read-only">
              You can read this scorecard but not change it: only the owners of{' '}
              {scorecard.owner ? (
                <EntityRefLink entityRef={scorecard.owner} />
              ) : (
                'this entity'
              )}{' '}
              answer its checks and assign its roles
              {permissions.canReview ? ', and you may sign off answers' : ''}.
            </Alert>
          </Grid>
        )}
        {scorecard.notAssessed && (
          <Grid item xs={12}>
            <Alert severity="info" data-testid="readiness-not-assessed">
              <AlertTitle>Not assessed</AlertTitle>
              {notAssessedExplanation(scorecard.notAssessed)}
            </Alert>
          </Grid>
        )}
        {!scorecard.lifecycleGate.passed && (
          <Grid item xs={12}>
            <WarningPanel
              severity="error"
              title={`In production below ${levelTitle(
                model,
                scorecard.lifecycleGate.minimumLevel,
              )}`}
              message={`Production entities must reach ${levelTitle(
                model,
                scorecard.lifecycleGate.minimumLevel,
              )}; ${
                scorecard.notAssessed
                  ? 'this one is not assessed (see above), so it has no level.'
                  : `this one has reached ${levelTitle(
                      model,
                      scorecard.level,
                    )}. Meet the failing gate checks to pass the lifecycle gate.`
              }`}
            />
          </Grid>
        )}
        {scorecard.problems.length > 0 && (
          <Grid item xs={12}>
            <WarningPanel
              title={`${
                scorecard.problems.length
              } readiness annotation problem${
                scorecard.problems.length === 1 ? '' : 's'
              }`}
              message="These annotations could not be read; the checks and roles they answer count as unanswered until they are fixed."
              defaultExpanded
            >
              <ul aria-label="Annotation problems">
                {scorecard.problems.map((problem, i) => (
                  <li key={i}>
                    <Typography variant="body2">
                      <code>{problem.key}</code>: {problem.message}
                    </Typography>
                  </li>
                ))}
              </ul>
            </WarningPanel>
          </Grid>
        )}
        <Grid item xs={12} md={7}>
          <ScorecardSummaryCard
            model={model}
            scorecard={scorecard}
            stale={stale}
            now={now}
            onShowCheck={showCheck}
          />
        </Grid>
        <Grid item xs={12} md={5}>
          <ScoreTrendCard
            subheader="Daily overall score"
            loading={history.loading && !history.value}
            error={history.error}
            series={
              history.value && [
                {
                  name: scorecard.title ?? entityRef,
                  points: history.value.snapshots,
                },
              ]
            }
          />
        </Grid>
        <EntityCampaigns
          entityRef={entityRef}
          model={model}
          revision={revision}
          onShowCheck={showCheck}
        />
        {!hasOwnerAnswers(scorecard) && (
          <Grid item xs={12}>
            <ReadinessEmptyState
              exampleCheckId={
                firstUnanswered?.definition.id ?? 'monitoring.alerting'
              }
              exampleRoleId={model.roles[0]?.id ?? 'cto'}
              canAnswer={permissions.canAnswer}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <CheckFilters
            value={filter}
            onChange={setFilter}
            categories={model.categories.filter(c =>
              scorecard.categories.some(s => s.categoryId === c.id),
            )}
            shown={visible.length}
            total={rows.length}
          />
        </Grid>
        {actions.failure && (
          <Grid item xs={12}>
            <Alert severity="error" onClose={actions.clearFailure}>
              {actions.failure}
            </Alert>
          </Grid>
        )}
        {refreshError && (
          <Grid item xs={12}>
            <Alert
              severity="warning"
              action={
                <Button color="inherit" size="small" onClick={retry}>
                  Retry
                </Button>
              }
            >
              Could not read the scorecard again ({refreshError.message});
              showing it as last read.
            </Alert>
          </Grid>
        )}
        {categories.map(({ category, score, rows: categoryRows }) => (
          <Grid item xs={12} key={category.id}>
            <CategorySection
              category={category}
              score={score}
              rows={categoryRows}
              model={model}
              now={now}
              expanded={expanded}
              highlighted={highlighted}
              onToggle={toggle}
              exemptions={{
                entityRef,
                canRequest: permissions.canAnswer,
                onChanged,
              }}
              actions={{
                canAnswer: permissions.canAnswer,
                canReview: permissions.canReview && !identity.loading,
                userEntityRef: identity.value?.userEntityRef,
                busy: actions.busy,
                onEdit: actions.setEditing,
                onReattest: actions.reattest,
                onRevert: actions.setReverting,
                onReview: actions.review,
              }}
            />
          </Grid>
        ))}
        {categories.length === 0 && (
          <Grid item xs={12}>
            <Typography color="textSecondary" align="center">
              No check matches the filters.
            </Typography>
          </Grid>
        )}
        {scorecard.checks.some(c =>
          COST_TABLE_CHECKS.some(cost => cost.checkId === c.checkId),
        ) && (
          <Grid item xs={12}>
            <CostCurveCard
              entityRef={entityRef}
              scorecard={scorecard}
              canEdit={permissions.canAnswer}
              onChanged={onChanged}
              onStale={reloadAll}
            />
          </Grid>
        )}
        <Grid item xs={12}>
          <RolesCard
            entityRef={entityRef}
            model={model}
            scorecard={scorecard}
            canAssign={permissions.canAssignRoles}
            onChanged={onChanged}
            onStale={reloadAll}
          />
        </Grid>
        <Grid item xs={12}>
          {history.error ? (
            <ResponseErrorPanel error={history.error} />
          ) : (
            <ChangeHistoryCard
              model={model}
              changes={history.value?.changes ?? []}
            />
          )}
        </Grid>
        {actions.editing && (
          <AnswerDialog
            key={actions.editing.definition.id}
            entityRef={entityRef}
            row={actions.editing}
            onClose={() => actions.setEditing(undefined)}
            onSaved={actions.saved}
            onConflict={reloadAll}
          />
        )}
        {actions.reverting && (
          <ConfirmDialog
            title={`Revert the portal answer to "${actions.reverting.definition.title}"?`}
            confirmLabel="Revert"
            onClose={() => actions.setReverting(undefined)}
            onConfirm={() => actions.revert(actions.reverting!)}
          >
            The check goes back to what the entity's annotation says, or to
            unanswered if there is none. The history keeps the portal answer.
          </ConfirmDialog>
        )}
      </Grid>
    </EntityExemptionsProvider>
  );
}
