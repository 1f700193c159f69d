import { InfoCard } from '@backstage/core-components';
import Box from '@material-ui/core/Box';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import {
  CategoryScore,
  ReadinessCategory,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { CheckRowData } from '../../../lib/checks';
import { formatScore } from '../../../lib/format';
import { RiskChip } from '../../shared/StatusChip';
import { CheckDetails } from './CheckDetails';
import { CheckActions, CheckRow } from './CheckRow';
import { ExemptionContext } from '../ExemptionPanel';
import { HiddenHeaderCell } from '../../shared/ScreenReaderOnly';

/**
 * One category of the checklist: its score and risk, and a row per check
 * (the rows the filters let through).
 */
export function CategorySection(props: {
  category: ReadinessCategory;
  score: CategoryScore;
  rows: CheckRowData[];
  model: ReadinessModel;
  now: Date;
  expanded: ReadonlySet<string>;
  highlighted?: string;
  onToggle: (checkId: string) => void;
  actions: CheckActions;
  /** Shows each check's exemption in its details (and lets owners ask for one). */
  exemptions?: ExemptionContext;
}) {
  const { category, score, rows, model, now, expanded, highlighted, actions } =
    props;
  const showActions = actions.canAnswer || actions.canReview;
  const headingId = `category-${category.id}-title`;
  return (
    <InfoCard
      title={<span id={headingId}>{category.title}</span>}
      subheader={category.description}
      noPadding
      action={
        <Box
          display="flex"
          alignItems="center"
          style={{ gap: 12 }}
          mt={1}
          mr={1}
        >
          <Typography
            variant="h6"
            component="span"
            aria-label={`${category.title} score ${formatScore(score.score)}`}
          >
            {formatScore(score.score)}
          </Typography>
          <RiskChip risk={score.risk} />
        </Box>
      }
    >
      <Table
        size="small"
        aria-labelledby={headingId}
        style={{ tableLayout: 'fixed' }}
      >
        {/* Fixed widths keep the columns of every category aligned. */}
        <colgroup>
          <col style={{ width: 56 }} />
          <col />
          <col style={{ width: 132 }} />
          <col style={{ width: 150 }} />
          <col style={{ width: 165 }} />
          <col style={{ width: 140 }} />
          <col style={{ width: 100 }} />
          {showActions && <col style={{ width: 172 }} />}
        </colgroup>
        <TableHead>
          <TableRow>
            <HiddenHeaderCell padding="checkbox">Details</HiddenHeaderCell>
            <TableCell>Check</TableCell>
            <TableCell>Status</TableCell>
            <TableCell>Source</TableCell>
            <TableCell>Answered</TableCell>
            <TableCell>Expiry</TableCell>
            <TableCell>Evidence</TableCell>
            {showActions && <TableCell align="right">Actions</TableCell>}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map(row => (
            <CheckRow
              key={row.definition.id}
              row={row}
              now={now}
              expanded={expanded.has(row.definition.id)}
              highlighted={highlighted === row.definition.id}
              onToggle={() => props.onToggle(row.definition.id)}
              actions={actions}
              details={
                <CheckDetails
                  row={row}
                  model={model}
                  exemptions={props.exemptions}
                />
              }
            />
          ))}
        </TableBody>
      </Table>
    </InfoCard>
  );
}
