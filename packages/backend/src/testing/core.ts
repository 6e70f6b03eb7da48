/**
 * `@pistil/backend/testing/core`: the conformance suite without any test framework — cases,
 * `runConformance`, the float64 reference and helpers (docs table, browser pages). The vitest
 * wrapper `describeConformance` is added by `@pistil/backend/testing`.
 */
export type { CaseResult, ConformanceCase, ConformanceOptions, Check, ContractErrorName } from './case.js';
export { CaseContext, CaseFailure, check, custom, throws } from './case.js';
export { conformanceCases, runConformance } from './run.js';
export type { HostInputs, HostTensor } from './host.js';
export { host, hostSize } from './host.js';
export { download, upload } from './io.js';
export { Rng } from './rng.js';
export { reference, runReference, type ReferenceKernel } from './reference/index.js';
export { compareValues, toleranceFor, DEFAULT_TOLERANCE, FLOAT64_FACTOR, TOLERANCE_CLASSES } from './tolerance.js';
export type { Comparison, ToleranceClass } from './tolerance.js';
export { KERNEL_SUMMARIES } from './summaries.js';
export { rand, lit, vec, pickFrom } from './cases/data.js';
