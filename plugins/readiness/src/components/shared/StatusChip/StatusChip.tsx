import { ReactElement } from 'react';
import Chip from '@material-ui/core/Chip';
import { makeStyles, Theme } from '@material-ui/core/styles';
import CheckCircleIcon from '@material-ui/icons/CheckCircle';
import AdjustIcon from '@material-ui/icons/Adjust';
import CancelIcon from '@material-ui/icons/Cancel';
import BlockIcon from '@material-ui/icons/Block';
import HelpOutlineIcon from '@material-ui/icons/HelpOutline';
import HistoryIcon from '@material-ui/icons/History';
import ScheduleIcon from '@material-ui/icons/Schedule';
import PauseCircleOutlineIcon from '@material-ui/icons/PauseCircleOutline';
import ErrorOutlineIcon from '@material-ui/icons/ErrorOutline';
import ReportProblemOutlinedIcon from '@material-ui/icons/ReportProblemOutlined';
import CheckCircleOutlineIcon from '@material-ui/icons/CheckCircleOutline';
import {
  CheckStatus,
  NO_LEVEL,
  ReadinessModel,
  Risk,
} from '@prodready/plugin-readiness-common';
import {
  levelColour,
  levelTitle,
  RISK_PRESENTATION,
  STATUS_PRESENTATION,
  Tone,
} from '../../../lib/presentation';

function toneColour(theme: Theme, tone: Tone): string {
  switch (tone) {
    case 'ok':
      return theme.palette.status.ok;
    case 'warning':
      return theme.palette.status.warning;
    case 'error':
      return theme.palette.status.error;
    case 'info':
      return theme.palette.status.running;
    default:
      return theme.palette.text.secondary;
  }
}

const useStyles = makeStyles(theme => {
  // The word in the text colour, the icon and border in the tone's: the
  // status colours on a light or dark paper fall short of 4.5:1 for text.
  const tone = (colour: string) => ({
    borderColor: colour,
    '& $icon': { color: colour },
  });
  return {
    chip: {
      color: theme.palette.text.primary,
      fontWeight: theme.typography.fontWeightMedium as number,
      borderWidth: 1,
      borderStyle: 'solid',
      backgroundColor: 'transparent',
    },
    icon: {},
    ok: tone(toneColour(theme, 'ok')),
    warning: tone(toneColour(theme, 'warning')),
    error: tone(toneColour(theme, 'error')),
    neutral: tone(toneColour(theme, 'neutral')),
    info: tone(toneColour(theme, 'info')),
  };
});

const STATUS_ICONS: Record<CheckStatus, ReactElement> = {
  met: <CheckCircleIcon />,
  'partially-met': <AdjustIcon />,
  'not-met': <CancelIcon />,
  'not-applicable': <BlockIcon />,
  unknown: <HelpOutlineIcon />,
  expired: <HistoryIcon />,
  upcoming: <ScheduleIcon />,
  exempt: <PauseCircleOutlineIcon />,
};

const RISK_ICONS: Record<Risk, ReactElement> = {
  high: <ErrorOutlineIcon />,
  medium: <ReportProblemOutlinedIcon />,
  none: <CheckCircleOutlineIcon />,
};

/**
 * A small outlined chip in a status colour, always with an icon and a word
 * so that the meaning never rests on colour alone.
 */
export function ToneChip(props: {
  label: string;
  tone: Tone;
  icon?: ReactElement;
  title?: string;
}) {
  const classes = useStyles();
  return (
    <Chip
      size="small"
      label={props.label}
      icon={props.icon}
      title={props.title}
      className={`${classes.chip} ${classes[props.tone]}`}
      classes={{ icon: classes.icon }}
    />
  );
}

/** The status of a check: Met, Partially met, Not met, Not applicable, Unknown, Expired. */
export function StatusChip(props: { status: CheckStatus }) {
  const { label, tone } = STATUS_PRESENTATION[props.status];
  return (
    <ToneChip label={label} tone={tone} icon={STATUS_ICONS[props.status]} />
  );
}

/** The risk of a category: high (a gate fails), medium, or none. */
export function RiskChip(props: { risk: Risk }) {
  const { label, tone } = RISK_PRESENTATION[props.risk];
  return <ToneChip label={label} tone={tone} icon={RISK_ICONS[props.risk]} />;
}

const useLevelStyles = makeStyles(theme => ({
  dot: {
    display: 'inline-block',
    width: 10,
    height: 10,
    borderRadius: '50%',
    marginLeft: theme.spacing(1),
    border: `1px solid ${theme.palette.divider}`,
  },
}));

/** The level reached, with its colour as a dot beside the name. */
export function LevelChip(props: {
  model: ReadinessModel;
  levelId: string | null;
}) {
  const classes = useLevelStyles();
  const id = props.levelId ?? NO_LEVEL;
  return (
    <Chip
      size="small"
      variant="outlined"
      label={levelTitle(props.model, id)}
      icon={
        <span
          aria-hidden
          className={classes.dot}
          style={{ backgroundColor: levelColour(props.model, id) }}
        />
      }
    />
  );
}
