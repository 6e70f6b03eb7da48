import { newTypedArray } from '@pistil/backend';
import type { DType, KernelAttrs, KernelInputs, KernelName, TensorInfo } from '@pistil/backend';
import { CpuBackend } from '../src/index.js';

/** A tensor on `backend` holding `values` (row-major). */
export function tensor(backend: CpuBackend, shape: readonly number[], values: readonly number[], dtype: DType = 'float32'): TensorInfo {
  const data = newTypedArray(dtype, values.length);
  data.set(values);
  const dataId = backend.alloc(dtype, values.length);
  backend.write(dataId, data);
  return { dataId, shape: [...shape], dtype };
}

/** The values of a tensor as a plain array. */
export function values(backend: CpuBackend, t: TensorInfo): number[] {
  return Array.from(backend.readSync(t.dataId));
}

/** Runs a kernel and returns the output's shape, dtype and values. */
export function run<K extends KernelName>(backend: CpuBackend, kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): { shape: number[]; dtype: DType; values: number[] } {
  const out = backend.run(kernel, inputs, attrs);
  return { shape: [...out.shape], dtype: out.dtype, values: values(backend, out) };
}

export function range(n: number, start = 0): number[] {
  return Array.from({ length: n }, (_, i) => start + i);
}

/** Asserts |got − want| ≤ tol·(1 + |want|) everywhere (NaN matches NaN), reporting the worst element. */
export function expectClose(got: readonly number[], want: readonly number[], tol: number): void {
  if (got.length !== want.length) throw new Error(`length ${got.length}, expected ${want.length}`);
  for (let i = 0; i < got.length; i++) {
    const g = got[i]!, w = want[i]!;
    if (Number.isNaN(w) ? !Number.isNaN(g) : !(Math.abs(g - w) <= tol * (1 + Math.abs(w)) || g === w))
      throw new Error(`element ${i}: got ${g}, expected ${w} (tolerance ${tol})`);
  }
}
