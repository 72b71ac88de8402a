export * from './budget';
export * from './describe';
export * from './nearest-start';
export * from './presets';
export * from './rule';
export * from './series';
export * from './zone-time';
