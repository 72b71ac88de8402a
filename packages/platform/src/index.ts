export * from './boot';
export * from './dapr';
export * from './env';
export * from './errors';
export * from './http';
export * from './logger';
export * from './pubsub';
