/** Test-data helpers for the cases: random host tensors from a seeded `Rng`, and literal ones. */
import type { DType } from '../../dtypes.js';
import { host, hostSize, type HostTensor } from '../host.js';
import type { Rng } from '../rng.js';

/**
 * Random values for `dtype`: floats uniform in [lo, hi) (default [−2, 2)), int32 in [lo, hi]
 * (default [−9, 9]), uint8 in [lo, hi] (default [0, 255]), bool fair coin flips.
 */
export function rand(rng: Rng, shape: readonly number[], dtype: DType = 'float32', lo?: number, hi?: number): HostTensor {
  const n = hostSize(shape);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (dtype) {
      case 'float32':
      case 'float64':
        values[i] = rng.uniform(lo ?? -2, hi ?? 2);
        break;
      case 'int32':
        values[i] = rng.int(lo ?? -9, hi ?? 9);
        break;
      case 'uint8':
        values[i] = rng.int(lo ?? 0, hi ?? 255);
        break;
      case 'bool':
        values[i] = rng.bool() ? 1 : 0;
    }
  }
  return host(shape, dtype, values);
}

/** Values drawn from a small set, so that ties and equal pairs occur. */
export function pickFrom(rng: Rng, shape: readonly number[], dtype: DType, choices: readonly number[]): HostTensor {
  return host(shape, dtype, Array.from({ length: hostSize(shape) }, () => rng.pick(choices)));
}

/** A literal tensor. */
export function lit(shape: readonly number[], dtype: DType, values: readonly number[]): HostTensor {
  return host(shape, dtype, values);
}

/** A literal rank-1 tensor. */
export function vec(dtype: DType, values: readonly number[]): HostTensor {
  return host([values.length], dtype, values);
}

/** Replaces some elements (by flat index) of a host tensor, returning a new one. */
export function withValues(t: HostTensor, at: Record<number, number>): HostTensor {
  const data = Float64Array.from(t.data);
  for (const [i, v] of Object.entries(at)) data[Number(i)] = v;
  return host(t.shape, t.dtype, data);
}

export const FLOATS: readonly ('float32' | 'float64')[] = ['float32', 'float64'];
