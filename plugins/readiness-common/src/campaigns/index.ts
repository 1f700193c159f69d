export * from './campaign';
export * from './progress';
