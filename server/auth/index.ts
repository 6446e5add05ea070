export * from './passwords';
export * from './sessions';
export * from './cookies';
export * from './authenticate';
