export * from './types';
export * from './requests';
export * from './importSchema';
