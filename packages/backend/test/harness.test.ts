import { describe, expect, it } from 'vitest';
import { KERNEL_NAMES } from '../src/index.js';
import { conformanceCases, runConformance } from '../src/testing/index.js';
import { ReferenceBackend } from './support/reference-backend.js';

describe('the suite on the reference backend', () => {
  it('passes every case', async () => {
    const t0 = performance.now();
    const results = await runConformance(new ReferenceBackend());
    console.log(`ran ${results.length} cases in ${(performance.now() - t0).toFixed(0)} ms`);
    const bad = results.filter((r) => r.status !== 'pass');
    expect(bad).toEqual([]);
  });

  it('has cases for every kernel', () => {
    const cases = conformanceCases();
    const counts = Object.fromEntries(KERNEL_NAMES.map((k) => [k, cases.filter((c) => c.kernel === k).length]));
    console.log(counts);
  });
});
