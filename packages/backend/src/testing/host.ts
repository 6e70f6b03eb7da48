/**
 * The host representation the reference computes on: every dtype held as float64 numbers, so the
 * reference is one plain code path and float32 results are rounded only when compared.
 */
import type { DType } from '../dtypes.js';
import type { KernelInputs, KernelName, TensorInfo } from '../kernels.js';

export interface HostTensor {
  shape: number[];
  dtype: DType;
  data: Float64Array | number[];
}

/** A kernel's inputs on the host: each `TensorInfo` becomes a `HostTensor` (lists stay lists). */
export type HostInputs<K extends KernelName> = {
  [P in keyof KernelInputs<K>]: HostValue<KernelInputs<K>[P]>;
};
type HostValue<T> = [T] extends [never] ? never : T extends readonly TensorInfo[] ? HostTensor[] : HostTensor;

/** Number of elements of a shape; a scalar (`[]`) has one. */
export function hostSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** The value `v` becomes once stored in `dtype` (ints are assumed to be in range already). */
export function storeAs(dtype: DType, v: number): number {
  switch (dtype) {
    case 'float32':
      return Math.fround(v);
    case 'bool':
      return v !== 0 ? 1 : 0;
    default:
      return v;
  }
}

/** A host tensor of `shape` holding `values`, rounded to what `dtype` can store. */
export function host(shape: readonly number[], dtype: DType, values: ArrayLike<number>): HostTensor {
  const size = hostSize(shape);
  if (values.length !== size) throw new Error(`host tensor [${shape.join(', ')}] needs ${size} values, got ${values.length}`);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) data[i] = storeAs(dtype, values[i]!);
  return { shape: [...shape], dtype, data };
}
