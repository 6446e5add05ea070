export * from './types';
export * from './createDb';
export * from './migrate';
export * from './codec';
export * from './entitySchemas';
export * from './ticketNumbers';
