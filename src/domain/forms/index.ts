export * from './types';
export * from './definition';
export * from './conditions';
export * from './validate';
export * from './diff';
export * from './versions';
export * from './files';
export * from './commitments';
