/** Small helpers for the hand-computed reference tests. */
import type { DType, KernelAttrs, KernelName } from '../../src/index.js';
import { host, runReference, type HostInputs, type HostTensor } from '../../src/testing/index.js';

export function t(shape: number[], values: number[], dtype: DType = 'float64'): HostTensor {
  return host(shape, dtype, values);
}

/** Runs the reference and returns shape, dtype and plain values (−0 shown as 0: the suite does not tell them apart). */
export function ref<K extends KernelName>(kernel: K, inputs: HostInputs<K>, attrs: KernelAttrs<K>): { shape: number[]; dtype: DType; values: number[] } {
  const out = runReference(kernel, inputs, attrs);
  return { shape: out.shape, dtype: out.dtype, values: Array.from(out.data, (v) => (v === 0 ? 0 : v)) };
}

export function values<K extends KernelName>(kernel: K, inputs: HostInputs<K>, attrs: KernelAttrs<K>): number[] {
  return ref(kernel, inputs, attrs).values;
}
