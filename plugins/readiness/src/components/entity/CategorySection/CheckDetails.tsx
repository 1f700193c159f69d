import { ReactNode } from 'react';
import { Link, MarkdownContent } from '@backstage/core-components';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import {
  checkAnnotationKey,
  ReadinessAnswer,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { CheckRowData } from '../../../lib/checks';
import { formatDateTime } from '../../../lib/format';
import {
  levelTitle,
  NOT_APPLICABLE_REASON_LABELS,
} from '../../../lib/presentation';
import { SectionLabel } from '../../shared/SectionLabel';
import { StatusChip } from '../../shared/StatusChip';
import { ExemptionContext, ExemptionPanel } from '../ExemptionPanel';

const useStyles = makeStyles(theme => ({
  root: { padding: theme.spacing(1, 2, 2, 7) },
  question: { fontWeight: theme.typography.fontWeightMedium as number },
  guidance: { color: theme.palette.text.secondary, '& p': { marginTop: 0 } },
  side: {
    border: `1px solid ${theme.palette.divider}`,
    borderRadius: theme.shape.borderRadius,
    padding: theme.spacing(1, 1.5),
    height: '100%',
  },
  code: {
    fontFamily: 'monospace',
    fontSize: '0.8rem',
    backgroundColor: theme.palette.action.hover,
    padding: theme.spacing(0, 0.5),
    borderRadius: 2,
  },
}));

function Fact(props: { label: string; children: ReactNode }) {
  return (
    <Box mb={1}>
      <SectionLabel>{props.label}</SectionLabel>
      <Typography variant="body2" component="div">
        {props.children}
      </Typography>
    </Box>
  );
}

/** One side of a conflict: what the annotation or the portal says. */
function AnswerSummary(props: { title: string; answer: ReadinessAnswer }) {
  const classes = useStyles();
  const { answer } = props;
  return (
    <div className={classes.side}>
      <SectionLabel>{props.title}</SectionLabel>
      <Box my={0.5}>
        <StatusChip status={answer.status} />
      </Box>
      {answer.answeredAt && (
        <Typography variant="caption" component="div">
          {formatDateTime(answer.answeredAt)}
          {answer.source === 'portal' && answer.answeredBy && (
            <>
              {' '}
              by <EntityRefLink entityRef={answer.answeredBy} hideIcon />
            </>
          )}
        </Typography>
      )}
      {answer.evidenceUrl && (
        <Typography variant="caption" component="div">
          <Link to={answer.evidenceUrl}>{answer.evidenceUrl}</Link>
        </Typography>
      )}
      {answer.note && (
        <Typography variant="caption" component="div">
          {answer.note}
        </Typography>
      )}
    </div>
  );
}

/**
 * The expanded part of a check row: the question and guidance from the
 * model, the answer's note and reasons, both sides of a conflict, and
 * validation problems of its annotation.
 */
export function CheckDetails(props: {
  row: CheckRowData;
  model: ReadinessModel;
  /** Where the check's exemption is shown, requested and decided. */
  exemptions?: ExemptionContext;
}) {
  const classes = useStyles();
  const { row, model } = props;
  const { result, definition } = row;
  const answer = result.answer;
  const roleTitles = definition.roles.map(
    id => model.roles.find(r => r.id === id)?.title ?? id,
  );
  return (
    <div className={classes.root}>
      <Grid container spacing={3}>
        <Grid item xs={12} md={8}>
          <Typography className={classes.question} gutterBottom>
            {definition.question}
          </Typography>
          <div className={classes.guidance}>
            <MarkdownContent content={definition.guidance} />
          </div>
          {answer?.status === 'not-applicable' && (
            <Fact label="Not applicable because">
              {answer.notApplicableReason &&
                NOT_APPLICABLE_REASON_LABELS[answer.notApplicableReason]}
              {answer.notApplicableText && `: ${answer.notApplicableText}`}
            </Fact>
          )}
          {answer?.note && <Fact label="Note">{answer.note}</Fact>}
          {answer?.review && (
            <Fact label="Signed off">
              by <EntityRefLink entityRef={answer.review.reviewedBy} hideIcon />{' '}
              on {formatDateTime(answer.review.reviewedAt)}
            </Fact>
          )}
          {result.conflict && (
            <Box mt={1}>
              <Typography variant="body2" gutterBottom>
                The annotation and the portal disagree; the portal answer
                counts. Update or revert one of them.
              </Typography>
              <Grid container spacing={2}>
                <Grid item xs={12} sm={6}>
                  <AnswerSummary
                    title="Annotation says"
                    answer={result.conflict.annotation}
                  />
                </Grid>
                <Grid item xs={12} sm={6}>
                  <AnswerSummary
                    title="Portal says"
                    answer={result.conflict.portal}
                  />
                </Grid>
              </Grid>
            </Box>
          )}
          {props.exemptions && (
            <ExemptionPanel row={row} context={props.exemptions} />
          )}
          {result.problems.length > 0 && (
            <Box mt={1}>
              <SectionLabel>Annotation problems</SectionLabel>
              <ul aria-label={`Annotation problems of ${definition.title}`}>
                {result.problems.map((problem, i) => (
                  <li key={i}>
                    <Typography variant="body2">
                      <span className={classes.code}>{problem.key}</span>:{' '}
                      {problem.message}
                    </Typography>
                  </li>
                ))}
              </ul>
            </Box>
          )}
        </Grid>
        <Grid item xs={12} md={4}>
          <Fact label="Level">
            {levelTitle(model, definition.level)}
            {definition.gate ? ' (gate: blocks the level when failing)' : ''}
          </Fact>
          <Fact label="Weight">{definition.weight}</Fact>
          {definition.expiresAfterDays !== undefined && (
            <Fact label="Expires">
              {definition.expiresAfterDays} days after it is answered
            </Fact>
          )}
          {roleTitles.length > 0 && (
            <Fact label="Responsible roles">{roleTitles.join(', ')}</Fact>
          )}
          {definition.scoredBy !== 'role-health' && (
            <Fact label="Annotation">
              <span className={classes.code}>
                {checkAnnotationKey(definition.id)}
              </span>
            </Fact>
          )}
        </Grid>
      </Grid>
    </div>
  );
}
