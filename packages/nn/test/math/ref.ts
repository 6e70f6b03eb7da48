/** Plain-JS float64 oracles and input generators for the 'math' op group tests. */
import { expect } from 'vitest';
import { enableGrad, gradients, mul, sum, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** Deterministic pseudo-random numbers in [lo, hi) (an LCG; independent of the library's RNG). */
export function seq(n: number, lo: number, hi: number, seed = 1): number[] {
  let s = seed >>> 0;
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out.push(lo + ((hi - lo) * s) / 2 ** 32);
  }
  return out;
}

/** Like `seq`, but |v| ≥ gap (values of both signs, away from a kink at 0). */
export function awayFromZero(n: number, gap: number, hi: number, seed = 1): number[] {
  return seq(n, gap, hi, seed).map((v, i) => (i % 2 === 0 ? -v : v));
}

/** The float32 nearest to each value (what a float32 tensor holds). */
export function f32(values: number[]): number[] {
  return values.map(Math.fround);
}

/** erf by its Maclaurin series (accurate to ~1e-13 for |x| ≤ 3), or 1 − erfc asymptotics beyond. */
export function erfRef(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) > 5.5) return Math.sign(x);
  if (Math.abs(x) > 3) {
    // Continued fraction for erfc (Lentz), converges fast for x > 3.
    const a = Math.abs(x);
    let f = a;
    for (let k = 60; k >= 1; k--) f = a + k / 2 / f;
    const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
    return Math.sign(x) * (1 - erfc);
  }
  let term = x;
  let total = x;
  for (let n = 1; n < 80; n++) {
    term *= (-x * x) / n;
    total += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * total;
}

/** Rounds half to even, as PyTorch and NumPy. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/**
 * Reference reduction: applies `f` to each slice of `values` (row-major, `shape`) over `axes`
 * (all when undefined; negatives allowed); returns the flat result and its shape.
 */
export function reduceRef<T>(values: readonly number[], shape: readonly number[], axis: number | number[] | undefined, keepdim: boolean, f: (slice: number[]) => T): { values: T[]; shape: number[] } {
  const rank = shape.length;
  const axes = axis === undefined ? [...Array(rank).keys()] : (typeof axis === 'number' ? [axis] : axis).map((a) => (a < 0 ? a + rank : a));
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outSize = outShape.reduce((a, b) => a * b, 1);
  const slices: number[][] = Array.from({ length: outSize }, () => []);
  const size = shape.reduce((a, b) => a * b, 1);
  for (let flat = 0; flat < size; flat++) {
    let rem = flat;
    let outIdx = 0;
    let outStride = 1;
    const idx = new Array<number>(rank);
    for (let d = rank - 1; d >= 0; d--) {
      idx[d] = rem % shape[d]!;
      rem = Math.floor(rem / shape[d]!);
    }
    for (let d = rank - 1; d >= 0; d--) {
      outIdx += (axes.includes(d) ? 0 : idx[d]!) * outStride;
      outStride *= outShape[d]!;
    }
    slices[outIdx]!.push(values[flat]!);
  }
  return { values: slices.map(f), shape: keepdim ? outShape : shape.filter((_, i) => !axes.includes(i)) };
}

/** Asserts a tensor's shape. */
export function expectShape(t: Tensor, shape: readonly number[]): void {
  expect([...t.shape]).toEqual([...shape]);
}

/** Flat values of a tensor as plain numbers. */
export function flat(t: Tensor): number[] {
  return Array.from(t.dataSync());
}

/**
 * x ↦ d/dx Σ w·f(x) with a fixed, non-uniform weight w, recorded (createGraph) so gradcheck of it
 * checks the op's double backward.
 */
export function firstGrad(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  // gradcheck also calls this under noGrad with plain tensors (finite differences): record anyway.
  return (x) => enableGrad(() => {
    const xr = x.requiresGrad ? x : x.detach().requiresGrad_();
    const y = f(xr);
    const w = tensor(seq(y.size, -1, 1, 99), { shape: y.shape, dtype: 'float64' });
    return gradients(sum(mul(y, w)), [xr], { createGraph: true })[0]!;
  });
}
