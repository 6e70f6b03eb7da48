/** Conversions of one number to the value a dtype stores, as `cast` defines them. */
import type { DType } from '@pistil/backend';

/** Truncates toward zero, NaN → 0, saturating at the int32 range. */
export function toInt32(x: number): number {
  if (x !== x) return 0;
  if (x >= 2147483647) return 2147483647;
  if (x <= -2147483648) return -2147483648;
  return Math.trunc(x) | 0;
}

/** Truncates toward zero, NaN → 0, saturating at [0, 255]. */
export function toUint8(x: number): number {
  if (x !== x || x <= 0) return 0;
  if (x >= 255) return 255;
  return Math.trunc(x);
}

/** The stored value of `x` in `dtype`: floats are rounded by their array, ints saturate, bool is x ≠ 0. */
export function convertTo(dtype: DType, x: number): number {
  switch (dtype) {
    case 'float32':
    case 'float64': return x;
    case 'int32': return toInt32(x);
    case 'uint8': return toUint8(x);
    case 'bool': return x !== 0 ? 1 : 0;
  }
}
