/** The kernel table of the WebGL backend, registered from explicit lists (one kernel per file). */
import type { KernelTable } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { registerComputeKernels } from './compute-kernels.js';
import { registerDataKernels } from './data-kernels.js';

export function registerKernels(table: KernelTable<WebGLBackend>): void {
  registerDataKernels(table);
  registerComputeKernels(table);
}
