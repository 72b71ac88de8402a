export * from './factories';
export * from './stack';
export * from './wait-for';
