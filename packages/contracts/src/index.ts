export * from './app-ids';
export * from './components';
export * from './topics';
export * from './task-snapshot';
export * from './events/envelope';
export * from './events/task-created';
export * from './events/task-event';
