import { ReactNode } from 'react';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';

const useStyles = makeStyles(theme => ({
  label: {
    color: theme.palette.text.secondary,
    textTransform: 'uppercase',
    fontSize: '0.7rem',
    letterSpacing: '0.05em',
  },
}));

/** The small uppercase caption over a figure or a section of a card. */
export function SectionLabel(props: {
  children: ReactNode;
  gutterBottom?: boolean;
}) {
  const classes = useStyles();
  return (
    <Typography className={classes.label} gutterBottom={props.gutterBottom}>
      {props.children}
    </Typography>
  );
}
