export * from './database';
export * from './factories';
export * from './processes';
export * from './stack';
export * from './wait-for';
