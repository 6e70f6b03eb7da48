/**
 * `@pistil/backend/testing`: the conformance suite every backend runs. Each kernel is checked
 * against an independent float64 reference on random shapes, broadcasting, size-1, empty and
 * scalar dims, every dtype it takes, extreme values and NaN/±Inf, plus the errors the contract
 * asks for and buffer accounting (`memory()` returns to where it started).
 *
 *   import { describeConformance } from '@pistil/backend/testing';
 *   describeConformance('cpu', () => new CpuBackend());
 *
 * `@pistil/backend/testing/core` has everything but `describeConformance`, which needs vitest.
 */
export * from './core.js';
export { describeConformance } from './describe.js';
