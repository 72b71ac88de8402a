export * from './database';
export * from './factories';
export * from './kafka';
export * from './processes';
export * from './sidecar';
export * from './stack';
export * from './wait-for';
