/**
 * @pistil/backend-cpu — Pistil's CPU backend.
 *
 * Importing this package registers the backend as 'cpu' (priority 1) with the registry of
 * `@pistil/backend`, as a side effect: `import '@pistil/backend-cpu'` is enough for
 * `getBackend('cpu')` to work. `createCpuBackend()` (or `new CpuBackend()`) makes a separate,
 * unregistered instance with its own heap, for tests.
 */
import { registerBackend } from '@pistil/backend';
import { CpuBackend, type CpuBackendOptions } from './backend.js';

export { CpuBackend } from './backend.js';
export type { Allocation, CpuBackendOptions, CpuKernelVariant, CpuThreadStats, Scratch } from './backend.js';
export { Heap, blockSize } from './heap.js';
export type { HeapOptions, HeapStats } from './heap.js';

/** A fresh backend with its own heap, not registered anywhere. */
export function createCpuBackend(options: CpuBackendOptions = {}): CpuBackend {
  return new CpuBackend(options);
}

registerBackend('cpu', () => new CpuBackend(), { priority: 1 });
export { simdSupported } from './wasm/simd.js';
