export * from './dtypes.js';
export * from './errors.js';
export * from './kernels.js';
export * from './backend.js';
export * from './registry.js';
export * from './shapes.js';
export * from './random.js';
export * from './checks.js';
