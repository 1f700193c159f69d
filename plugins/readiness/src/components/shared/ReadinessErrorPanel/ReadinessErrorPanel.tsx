import { ResponseErrorPanel } from '@backstage/core-components';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { isForbidden } from '../../../lib/errors';

/**
 * Why readiness data could not be shown. A 403 is the permission policy's
 * answer, not a failure: it is said plainly, without a red technical panel
 * (a user denied `readiness.scorecard.read` meets it on every overview).
 */
export function ReadinessErrorPanel(props: {
  error: Error;
  /** Reads again: a catalog or database that was unreachable may be back. */
  onRetry?: () => void;
}) {
  if (isForbidden(props.error)) {
    return (
      <Typography variant="body2" color="textSecondary">
        You are not allowed to see readiness data here; ask your Backstage
        administrators if you need to.
      </Typography>
    );
  }
  return (
    <>
      <ResponseErrorPanel error={props.error} />
      {props.onRetry && (
        <Button size="small" onClick={props.onRetry}>
          Try again
        </Button>
      )}
    </>
  );
}
