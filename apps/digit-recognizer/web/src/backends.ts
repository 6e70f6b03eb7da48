/**
 * The devices the page can run Pistil on: 'cpu' (registered by @pistil/nn: WebAssembly SIMD
 * kernels, one thread in a page that is not cross-origin isolated) and 'webgl' (registered by
 * @pistil/backend-webgl; it may fail to start, and then says why).
 */
import { getBackend } from '@pistil/backend';
import { memory, setDefaultDevice } from '@pistil/nn';
import type { Device } from '@pistil/nn';

import type { MemorySample, WebGLStatus } from './page-state.js';

export type { MemorySample, PageDevice, WebGLStatus } from './page-state.js';

/** Loads @pistil/backend-webgl and starts its backend: WebGL2 and float render targets, or the reason why not. */
export async function startWebGL(): Promise<WebGLStatus> {
  try {
    await import('@pistil/backend-webgl');
    setDefaultDevice('webgl'); // constructs the backend now, so a failure shows here and not at the first op
    setDefaultDevice('cpu');
    return { available: true };
  } catch (err) {
    return { available: false, reason: err instanceof Error ? err.message : String(err) };
  }
}

export function memorySample(device: Device): MemorySample {
  const report = memory();
  const backend = getBackend(device);
  const info = backend.memory();
  const textureCount = (backend as { textureCount?: () => number }).textureCount;
  return {
    tensors: report.tensors,
    buffers: info.buffers,
    bytes: info.bytes,
    textures: typeof textureCount === 'function' ? textureCount.call(backend) : null,
  };
}
