export * from './outbox-relay';
export * from './prune-outbox';
export * from './record-events';
