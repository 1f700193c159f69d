export { CostCurveCard } from './CostCurveCard';
export { CostCurveChart, describeCostCurve } from './CostCurveChart';
export { CostTableDialog } from './CostTableDialog';
