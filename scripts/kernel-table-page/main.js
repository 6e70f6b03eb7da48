// The conformance suite in a browser page, for scripts/kernel-table.mjs: `window.runSuite(label)`
// runs it on one of the backends below and returns the results.
import { runConformance } from '../../packages/backend/dist/testing/core.js';
import { CpuBackend } from '../../packages/backend-cpu/dist/index.js';
import { WebGLBackend } from '../../packages/backend-webgl/dist/index.js';

const BACKENDS = {
  'webgl': { make: () => new WebGLBackend(), options: { skipDTypes: ['float64'], tolerance: { transcendental: 3e-4 } } },
  'cpu (browser)': { make: () => new CpuBackend(), options: {} },
};

window.runSuite = async (label) => {
  const spec = BACKENDS[label];
  const backend = spec.make();
  await backend.ready;
  const started = performance.now();
  const results = await runConformance(backend, spec.options);
  backend.destroy?.();
  return { results, ms: performance.now() - started };
};
