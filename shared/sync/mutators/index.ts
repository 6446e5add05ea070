export * from './mutators';
export * from './types';
export * from './runMutation';
export * from './rowChanges';
