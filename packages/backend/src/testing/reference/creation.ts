/** Reference `cast`, `fill` and `random`. */
import type { DType } from '../../dtypes.js';
import type { KernelAttrs } from '../../kernels.js';
import { normalAt, uniformAt } from '../../random.js';
import type { HostTensor } from '../host.js';
import { newHost } from './indexing.js';

const INT_RANGE: Partial<Record<DType, [number, number]>> = {
  int32: [-2147483648, 2147483647],
  uint8: [0, 255],
};

/** One value converted to `dtype`: truncate toward zero and saturate for ints (NaN → 0), x ≠ 0 for bool. */
export function castValue(v: number, dtype: DType): number {
  if (dtype === 'bool') return v !== 0 ? 1 : 0; // NaN ≠ 0, so NaN → true
  if (dtype === 'float32') return Math.fround(v);
  const range = INT_RANGE[dtype];
  if (!range) return v;
  if (Number.isNaN(v)) return 0;
  return Math.min(Math.max(Math.trunc(v), range[0]), range[1]);
}

export function cast({ x }: { x: HostTensor }, { dtype }: KernelAttrs<'cast'>): HostTensor {
  const out = newHost(x.shape, dtype);
  for (let i = 0; i < x.data.length; i++) out.data[i] = castValue(x.data[i]!, dtype);
  return out;
}

export function fill(_inputs: Record<string, never>, { shape, dtype, value }: KernelAttrs<'fill'>): HostTensor {
  return newHost(shape, dtype, castValue(value, dtype));
}

export function random(_inputs: Record<string, never>, attrs: KernelAttrs<'random'>): HostTensor {
  const out = newHost(attrs.shape, attrs.dtype);
  const { a, b, seed } = attrs;
  for (let i = 0; i < out.data.length; i++) {
    out.data[i] = attrs.distribution === 'uniform' ? a + (b - a) * uniformAt(seed, i) : a + b * normalAt(seed, i);
  }
  return out;
}
