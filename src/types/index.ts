export * from './cvm-value';
export * from './program';
export * from './execution';
export * from './query';
export * from './registry';
export * from './history';
