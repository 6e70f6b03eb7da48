/**
 * Rounding to the narrow float formats Pistil has no dtype for (float16, bfloat16 live on the
 * device as float32): the value is rounded to the format's precision, half to even, subnormals and
 * overflow to ±Infinity included, so that Cast to FLOAT16 gives the numbers onnxruntime gives.
 */
import { abs, add, cast, detach, div, floor, gt, isFinite, le, log, maximum, mul, pow, round, sign, sub, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

export interface FloatFormat {
  /** Stored mantissa bits (the leading 1 not counted). */
  readonly mantissaBits: number;
  /** Exponent of the smallest normal number; below it the spacing stays 2^(minExponent − mantissaBits). */
  readonly minExponent: number;
  readonly maxFinite: number;
}

export const HALF: FloatFormat = { mantissaBits: 10, minExponent: -14, maxFinite: 65504 };
export const BFLOAT16: FloatFormat = { mantissaBits: 7, minExponent: -126, maxFinite: (2 - 2 ** -7) * 2 ** 127 };

/** Nearest integer, halves to the even one (ONNX Round). */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d < 0.5 ? f : d > 0.5 ? f + 1 : f % 2 === 0 ? f : f + 1;
}

/**
 * v rounded to the nearest value of `format` (ties to even); NaN and ±Infinity pass through. As
 * onnxruntime, a double is first rounded to float32.
 */
export function roundToFormat(value: number, format: FloatFormat): number {
  const v = Math.fround(value);
  if (!Number.isFinite(v) || v === 0) return v;
  const a = Math.abs(v);
  let e = Math.floor(Math.log2(a));
  // log2 may be off by one next to a power of two.
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const spacing = 2 ** (Math.max(e, format.minExponent) - format.mantissaBits);
  const q = roundHalfEven(v / spacing) * spacing;
  return Math.abs(q) > format.maxFinite ? Math.sign(v) * Infinity : q;
}

/**
 * The same rounding on the device (from float32, computed in float64, returned as float32), built
 * from nn ops. The gradient passes straight through, as PyTorch's `.half()` passes it.
 */
export function roundTensorToFormat(x: Tensor, format: FloatFormat): Tensor {
  const xf = cast(x, 'float32');
  const xd = cast(xf, 'float64');
  const a = abs(xd);
  const e0 = floor(div(log(a), Math.LN2));
  const p = pow(2, e0);
  // Correct log's off-by-one next to powers of two: e such that 2^e ≤ a < 2^(e+1).
  const e = add(sub(e0, cast(gt(p, a), 'float64')), cast(le(mul(p, 2), a), 'float64'));
  const spacing = pow(2, sub(maximum(e, format.minExponent), format.mantissaBits));
  const q = mul(round(div(xd, spacing)), spacing);
  // At 0, log gives e = −Infinity, clamped to minExponent: q is 0 as it should be.
  const rounded = cast(where(gt(abs(q), format.maxFinite), mul(sign(xd), Infinity), q), 'float32');
  // NaN and ±Infinity pass through; elsewhere x + (rounded − x) with the difference detached.
  return where(isFinite(xf), add(xf, detach(sub(rounded, xf))), xf);
}
