export * from './describe';
export * from './presets';
export * from './rule';
export * from './series';
export * from './zone-time';
