import {
  Gauge,
  InfoCard,
  Progress,
  ResponseErrorPanel,
  Table,
  TableColumn,
} from '@backstage/core-components';
import Grid from '@material-ui/core/Grid';
import Typography from '@material-ui/core/Typography';
import {
  CheckResult,
  ReadinessModel,
} from '@prodready/plugin-readiness-common';
import { useScorecard } from '../useScorecard';

const STATUS_LABELS: Record<CheckResult['status'], string> = {
  met: 'Met',
  'partially-met': 'Partially met',
  'not-met': 'Not met',
  'not-applicable': 'Not applicable',
  unknown: 'Unknown',
  expired: 'Expired',
};

/** The "Readiness" tab: the score, the level, and every check by category. @public */
export function EntityReadinessContent() {
  const { value, loading, error } = useScorecard();
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const { scorecard, model } = value!;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <InfoCard title="Readiness">
          <Gauge value={(scorecard.score ?? 0) / 100} />
          <Typography
            variant="h6"
            aria-label="overall score"
            data-testid="readiness-score"
          >
            {scorecard.score === null
              ? 'No applicable checks'
              : `${scorecard.score}%`}
          </Typography>
          <Typography>Level: {levelTitle(model, scorecard.level)}</Typography>
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={8}>
        {scorecard.categories.map(category => (
          <CategoryTable
            key={category.categoryId}
            model={model}
            categoryId={category.categoryId}
            score={category.score}
            checks={scorecard.checks.filter(
              c =>
                model.checks.find(m => m.id === c.checkId)?.category ===
                category.categoryId,
            )}
          />
        ))}
      </Grid>
    </Grid>
  );
}

function levelTitle(model: ReadinessModel, level: string | null) {
  return level
    ? model.levels.find(l => l.id === level)?.title ?? level
    : 'none yet';
}

function CategoryTable(props: {
  model: ReadinessModel;
  categoryId: string;
  score: number | null;
  checks: CheckResult[];
}) {
  const { model, categoryId, score, checks } = props;
  const category = model.categories.find(c => c.id === categoryId);
  const columns: TableColumn<CheckResult>[] = [
    {
      title: 'Check',
      render: row =>
        model.checks.find(c => c.id === row.checkId)?.title ?? row.checkId,
    },
    { title: 'Status', render: row => STATUS_LABELS[row.status] },
    { title: 'Source', field: 'source' },
  ];
  return (
    <Table
      title={`${category?.title ?? categoryId} — ${
        score === null ? 'n/a' : `${score}%`
      }`}
      options={{ paging: false, search: false, padding: 'dense' }}
      columns={columns}
      data={checks}
    />
  );
}
