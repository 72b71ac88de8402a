export * from './app-ids';
export * from './components';
export * from './events/envelope';
export * from './events/task-created';
export * from './events/task-event';
export * from './task-snapshot';
export * from './topics';
