import { Link, Progress } from '@backstage/core-components';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { useState } from 'react';
import { useEntityReadinessLink } from '../../../hooks/useEntityReadinessLink';
import { useOrganisationPageLink } from '../../../hooks/useOrganisationPageLink';
import { daysUntil, formatDay, formatScore, inDays } from '../../../lib/format';
import { levelTitle, shownLevel } from '../../../lib/presentation';
import { SectionLabel } from '../../shared/SectionLabel';
import { EXPIRY_WINDOW_DAYS, useMyReadiness } from './useMyReadiness';
import { ReadinessErrorPanel } from '../../shared/ReadinessErrorPanel';

/**
 * The "My readiness" home-page card: the signed-in user's entities with
 * their levels, lowest score first; the answers of any of them that expire
 * soon (or expired), soonest first; and the campaigns the entities listed
 * have not finished.
 * @public
 */
export function MyReadinessContent() {
  const [now] = useState(() => new Date());
  const { value, loading, error } = useMyReadiness(now);
  const readinessLink = useEntityReadinessLink();
  const organisationLink = useOrganisationPageLink();
  if (error) return <ReadinessErrorPanel error={error} />;
  if (loading || !value) return <Progress />;
  const { model, entities, totalCount, expiring, campaigns } = value;
  const unlisted = totalCount - entities.length;
  const expiringUnlisted = value.expiringEntities - value.expiringListed;
  if (totalCount === 0) {
    return (
      <Typography color="textSecondary">
        Nothing you or your teams own has a readiness scorecard yet.
        {organisationLink && (
          <>
            {' '}
            See <Link to={organisationLink}>organisation readiness</Link>.
          </>
        )}
      </Typography>
    );
  }
  return (
    <>
      <SectionLabel>Your entities, lowest score first</SectionLabel>
      <List dense disablePadding aria-label="Your entities">
        {entities.map(e => (
          <ListItem key={e.entityRef} disableGutters>
            <ListItemText
              primary={
                <Link to={readinessLink(e.entityRef)}>
                  {e.title ?? e.entityRef}
                </Link>
              }
              secondary={`${levelTitle(model, shownLevel(e))} · ${formatScore(
                e.score,
              )}${
                e.gateFailures
                  ? ` · ${e.gateFailures} failing gate${
                      e.gateFailures === 1 ? '' : 's'
                    }`
                  : ''
              }`}
            />
          </ListItem>
        ))}
      </List>
      {unlisted > 0 && (
        <Typography variant="body2" color="textSecondary">
          and {unlisted} more
          {organisationLink && (
            <>
              {' '}
              on the <Link to={organisationLink}>organisation page</Link>
            </>
          )}
        </Typography>
      )}
      <SectionLabel>Expiring within {EXPIRY_WINDOW_DAYS} days</SectionLabel>
      {expiring.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No answer of your entities expires within {EXPIRY_WINDOW_DAYS} days.
        </Typography>
      ) : (
        <List dense disablePadding aria-label="Expiring answers">
          {expiring.map(x => {
            const days = daysUntil(x.expiresAt, now);
            const expired = Date.parse(x.expiresAt) <= now.getTime();
            return (
              <ListItem key={`${x.entityRef} ${x.checkId}`} disableGutters>
                <ListItemText
                  primary={
                    <Link to={readinessLink(x.entityRef, x.checkId)}>
                      {x.checkTitle}
                    </Link>
                  }
                  secondary={`${x.entityTitle ?? x.entityRef} · ${
                    expired
                      ? `expired on ${formatDay(x.expiresAt)}`
                      : `expires ${inDays(days)} (${formatDay(x.expiresAt)})`
                  }`}
                />
              </ListItem>
            );
          })}
        </List>
      )}
      {expiringUnlisted > 0 && (
        <Typography variant="body2" color="textSecondary">
          and answers of {expiringUnlisted} more of your entities
        </Typography>
      )}
      {campaigns.length > 0 && (
        <>
          <SectionLabel>Open campaigns</SectionLabel>
          <List dense disablePadding aria-label="Open campaigns">
            {campaigns.map(({ campaign, notDone }) => (
              <ListItem key={campaign.id} disableGutters>
                <ListItemText
                  primary={
                    organisationLink ? (
                      <Link to={`${organisationLink}/campaigns`}>
                        {campaign.title}
                      </Link>
                    ) : (
                      campaign.title
                    )
                  }
                  secondary={`${notDone} of these not done · ${
                    campaign.overdue
                      ? `overdue since ${formatDay(campaign.deadline)}`
                      : `deadline ${formatDay(campaign.deadline)}`
                  }`}
                />
              </ListItem>
            ))}
          </List>
        </>
      )}
    </>
  );
}
