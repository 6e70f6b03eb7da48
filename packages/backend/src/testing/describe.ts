/**
 * The suite as vitest tests: one `describe` per kernel, one `it` per case. The only file of
 * `@pistil/backend/testing` that imports vitest; it has no Node-only imports, so browser-mode
 * tests can use it too.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Backend } from '../backend.js';
import { KERNEL_NAMES, OPTIONAL_KERNEL_NAMES } from '../kernels.js';
import { optionSkipReason, type ConformanceOptions } from './case.js';
import { conformanceCases } from './run.js';

export function describeConformance(label: string, makeBackend: () => Backend | Promise<Backend>, options: ConformanceOptions = {}): void {
  describe(`conformance: ${label}`, () => {
    let backend: Backend | undefined;
    beforeAll(async () => {
      backend = await makeBackend();
    });
    afterAll(() => {
      backend?.destroy?.();
    });
    const cases = conformanceCases();
    for (const kernel of [...KERNEL_NAMES, ...OPTIONAL_KERNEL_NAMES]) {
      describe(kernel, () => {
        for (const c of cases.filter((k) => k.kernel === kernel)) {
          if (optionSkipReason(c, options)) {
            it.skip(c.name, () => {});
            continue;
          }
          it(c.name, async (ctx) => {
            if (!backend) throw new Error(`backend '${label}' was not created`);
            const result = await c.run(backend, options);
            if (result.status === 'skip') ctx.skip(result.message);
            if (result.status === 'fail') throw new Error(`${kernel} / ${c.name}: ${result.message}`);
          });
        }
      });
    }
  });
}
