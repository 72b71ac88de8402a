export * from './database';
export * from './factories';
export * from './stack';
export * from './wait-for';
