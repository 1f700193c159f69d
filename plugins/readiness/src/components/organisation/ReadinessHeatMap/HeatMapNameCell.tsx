import TableCell from '@material-ui/core/TableCell';
import { Rollup } from '@prodready/plugin-readiness-common';
import { useHeatMapStyles } from './heatMapStyles';

/** A heat map row's first cell: the rollup's name, indented by its depth in the tree. */
export function HeatMapNameCell(props: { rollup: Rollup; depth: number }) {
  const { rollup, depth } = props;
  const classes = useHeatMapStyles();
  return (
    <TableCell
      className={classes.name}
      style={{ paddingLeft: 16 + depth * 16 }}
      title={rollup.ref}
    >
      {rollup.title ?? rollup.ref}
    </TableCell>
  );
}
