export * from './costTable';
export * from './costAnnotation';
