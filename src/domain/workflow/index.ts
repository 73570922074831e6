export * from './types';
export * from './validate';
export * from './engine';
export * from './definitions';
