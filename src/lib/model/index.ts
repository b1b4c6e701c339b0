export * from './types';
export * from './metric-summary';
export * from './numbers';
export * from './time';
export * from './metric-direction';
export * from './json';
export * from './provenance';
