export * from './errors';
export * from './permissions';
export * from './contract';
export * from './headers';
export * from './client';
