import { describeConformance } from '@pistil/backend/testing';
import { CpuBackend } from '../../src/index.js';

// The CPU backend in a browser page (Chromium): the TypeScript kernels, and the WebAssembly SIMD
// kernels with every float32 GEMM in wasm. The page is not cross-origin isolated, so there is no
// SharedArrayBuffer and the backend must fall back to one thread on an unshared heap.
describeConformance('cpu in the browser (scalar)', () => new CpuBackend({ kernels: 'scalar' }));
describeConformance('cpu in the browser (simd, all float32 gemms)', async () => {
  const backend = new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0 });
  await backend.ready;
  if (backend.threads !== 1) throw new Error(`expected the one-thread fallback without SharedArrayBuffer, got ${backend.threads} threads`);
  return backend;
});
