/**
 * Named tolerance classes. A float element passes when
 *   |got − ref| ≤ t · (1 + max(|ref|, mag))
 * i.e. atol = rtol = t, where `mag` is the reference run on |inputs| for accumulating kernels
 * (so cancellation in a sum is judged against the size of its terms) and t is:
 * - `exact`: 0 — int/bool results, movement ops, selections (max, argmax, cast, fill).
 * - `arithmetic`: a few float32 ulps — one rounding per element (+, ×, ÷, √).
 * - `transcendental`: exp, log, trig, erf… Overridable: WebGL under SwiftShader needs ~3e-4.
 * - `accumulate`: per term of a reduction; multiplied by the reduction length (matmul's K,
 *   conv's C/groups·KH·KW, a reduce's element count).
 * The defaults are for float32 results; float64 results use them × `FLOAT64_FACTOR`.
 * NaN must match NaN and ±Infinity must match exactly, in every class. Non-float results are
 * always compared exactly.
 */
import type { DType } from '../dtypes.js';

export type ToleranceClass = 'exact' | 'arithmetic' | 'transcendental' | 'accumulate';

export const TOLERANCE_CLASSES: readonly ToleranceClass[] = ['exact', 'arithmetic', 'transcendental', 'accumulate'];

export const DEFAULT_TOLERANCE: Readonly<Record<ToleranceClass, number>> = {
  exact: 0,
  arithmetic: 1e-6,
  transcendental: 1e-5,
  accumulate: 1e-6,
};

/** float64 results are held to the class tolerance times this. */
export const FLOAT64_FACTOR = 1e-6;

/** The `t` of the bound for one comparison. */
export function toleranceFor(
  cls: ToleranceClass,
  dtype: DType,
  overrides: Partial<Record<ToleranceClass, number>> = {},
  length = 1,
): number {
  if (dtype !== 'float32' && dtype !== 'float64') return 0;
  let t = overrides[cls] ?? DEFAULT_TOLERANCE[cls];
  if (cls === 'accumulate') t *= Math.max(1, length);
  if (dtype === 'float64') t *= FLOAT64_FACTOR;
  return t;
}

export interface Mismatch {
  index: number;
  expected: number;
  got: number;
  bound: number;
}

export interface Comparison {
  /** Elements outside the bound. */
  mismatches: number;
  first?: Mismatch;
  /** max |got − ref| / (1 + max(|ref|, mag)): the error in the units of `t`; Infinity for a NaN/Inf mismatch. */
  maxError: number;
}

/** Compares `got` with `expected` (already rounded to the result dtype) under tolerance `t`. */
export function compareValues(
  got: ArrayLike<number>,
  expected: ArrayLike<number>,
  t: number,
  magnitude?: ArrayLike<number>,
): Comparison {
  let mismatches = 0;
  let first: Mismatch | undefined;
  let maxError = 0;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!;
    const g = got[i]!;
    let ok: boolean;
    let err: number;
    let bound = 0;
    if (Number.isNaN(e) || !Number.isFinite(e)) {
      ok = Number.isNaN(e) ? Number.isNaN(g) : g === e;
      err = ok ? 0 : Infinity;
    } else {
      const scale = 1 + Math.max(Math.abs(e), magnitude ? Math.abs(magnitude[i]!) : 0);
      const diff = Math.abs(g - e);
      bound = t * scale;
      ok = diff <= bound; // false for a NaN or infinite `got`
      err = Number.isFinite(diff) ? diff / scale : Infinity;
    }
    maxError = Math.max(maxError, err);
    if (!ok) {
      mismatches++;
      first ??= { index: i, expected: e, got: g, bound };
    }
  }
  return { mismatches, first, maxError };
}
