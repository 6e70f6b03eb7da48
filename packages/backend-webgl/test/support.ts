/** Helpers of the kernel tests: seeded data, uploading, running one kernel, and comparing with a float64 reference. */
import type { DType, KernelAttrs, KernelInputs, KernelName, TensorInfo, TypedArray } from '@pistil/backend';
import { expect, vi } from 'vitest';
import type { WebGLBackend } from '../src/index.js';

/** mulberry32: a small seeded generator, uniform in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomF32(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * r());
}

export function upload(backend: WebGLBackend, shape: readonly number[], dtype: DType, values: TypedArray): TensorInfo {
  const dataId = backend.alloc(dtype, values.length);
  backend.write(dataId, values);
  return { dataId, shape: [...shape], dtype };
}

/**
 * Runs a kernel on uploaded inputs, reads the output, frees everything, and checks that nothing
 * leaked; `passes` counts the shader passes it took.
 */
export async function runKernel<K extends KernelName>(
  backend: WebGLBackend,
  kernel: K,
  inputs: Record<string, TensorInfo>,
  attrs: KernelAttrs<K>,
): Promise<{ out: TensorInfo; values: TypedArray; passes: number }> {
  const spy = vi.spyOn(backend, 'runShader');
  const spyTargets = vi.spyOn(backend, 'runShaderTargets');
  const before = backend.memory().buffers;
  try {
    const out = backend.run(kernel, inputs as unknown as KernelInputs<K>, attrs) as TensorInfo;
    expect(backend.memory().buffers).toBe(before + 1); // intermediates are freed
    const values = await backend.read(out.dataId);
    backend.dispose(out.dataId);
    return { out, values, passes: spy.mock.calls.length + spyTargets.mock.calls.length };
  } finally {
    spy.mockRestore();
    spyTargets.mockRestore();
    for (const t of Object.values(inputs)) backend.dispose(t.dataId);
  }
}

/** |got − ref| ≤ rel·(mag + 1) element-wise, where mag is the sum of the terms' magnitudes. */
export function expectClose(got: ArrayLike<number>, ref: ArrayLike<number>, mag: ArrayLike<number>, rel = 1e-6): void {
  expect(got.length).toBe(ref.length);
  let worst = 0, at = -1;
  for (let i = 0; i < ref.length; i++) {
    const err = Math.abs(got[i]! - ref[i]!) / (mag[i]! + 1);
    if (!(err <= worst)) {
      worst = err;
      at = i;
    }
  }
  expect(worst, `element ${at}: got ${got[at]}, expected ${ref[at]}`).toBeLessThanOrEqual(rel);
}
