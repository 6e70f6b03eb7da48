/**
 * `@pistil/backend/testing`: the conformance suite every backend runs. Each kernel is checked
 * against an independent float64 reference on random shapes, broadcasting, size-1, empty and
 * scalar dims, every dtype it takes, extreme values and NaN/±Inf, plus the errors the contract
 * asks for and buffer accounting (`memory()` returns to where it started).
 *
 *   import { describeConformance } from '@pistil/backend/testing';
 *   describeConformance('cpu', () => new CpuBackend());
 *
 * `runConformance` works without a test framework (docs table, browser pages); only
 * `describeConformance` (in `describe.ts`) needs vitest.
 */
export type { CaseResult, ConformanceCase, ConformanceOptions, Check, ContractErrorName } from './case.js';
export { CaseContext, CaseFailure, check, custom, throws } from './case.js';
export { conformanceCases, runConformance } from './run.js';
export { describeConformance } from './describe.js';
export type { HostInputs, HostTensor } from './host.js';
export { host, hostSize } from './host.js';
export { download, upload } from './io.js';
export { Rng } from './rng.js';
export { reference, runReference, type ReferenceKernel } from './reference/index.js';
export { compareValues, toleranceFor, DEFAULT_TOLERANCE, FLOAT64_FACTOR, TOLERANCE_CLASSES } from './tolerance.js';
export type { Comparison, ToleranceClass } from './tolerance.js';
export { KERNEL_SUMMARIES } from './summaries.js';
export { rand, lit, vec, pickFrom } from './cases/data.js';
