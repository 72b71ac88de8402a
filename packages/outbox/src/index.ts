export * from './outbox-relay';
export * from './record-events';
