export * from './costTable';
export * from './costAnnotation';
export * from './systemCost';
