/** Running the whole suite without a test framework. */
import type { Backend } from '../backend.js';
import type { CaseResult, ConformanceCase, ConformanceOptions } from './case.js';
import { allCases } from './cases/index.js';

/** Every conformance case, grouped by kernel in `KERNEL_NAMES` order, then the optional kernels'. */
export function conformanceCases(): ConformanceCase[] {
  return allCases();
}

/** Runs every case on `backend`, one after another; never throws for a failing kernel. */
export async function runConformance(backend: Backend, options: ConformanceOptions = {}): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const c of conformanceCases()) results.push(await c.run(backend, options));
  return results;
}
