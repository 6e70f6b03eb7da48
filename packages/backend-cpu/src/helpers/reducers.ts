/**
 * The folds behind `reduce`. Each works on float64 accumulators in two shapes of loop, so that
 * both reduction layouts stay sequential in memory:
 * - `run`: fold a contiguous run of x into one accumulator (reduced axes innermost);
 * - `rows`: fold a contiguous run of x element-wise into a run of accumulators (kept axes innermost).
 */
import type { TypedArray } from '@pistil/backend';

export interface Reducer {
  run(x: TypedArray, start: number, n: number, acc: number): number;
  rows(acc: Float64Array, at: number, x: TypedArray, start: number, n: number): void;
}

export const SUM: Reducer = {
  run: (x, s, n, t) => { for (let j = 0; j < n; j++) t += x[s + j]!; return t; },
  rows: (acc, at, x, s, n) => { for (let j = 0; j < n; j++) acc[at + j] += x[s + j]!; },
};

export const PROD: Reducer = {
  run: (x, s, n, t) => { for (let j = 0; j < n; j++) t *= x[s + j]!; return t; },
  rows: (acc, at, x, s, n) => { for (let j = 0; j < n; j++) acc[at + j] *= x[s + j]!; },
};

/** Product of int32 values, wrapping like int32 (a float64 product would lose the low bits). */
export const INT_PROD: Reducer = {
  run: (x, s, n, t) => { for (let j = 0; j < n; j++) t = Math.imul(t, x[s + j]!); return t; },
  rows: (acc, at, x, s, n) => { for (let j = 0; j < n; j++) acc[at + j] = Math.imul(acc[at + j]!, x[s + j]!); },
};

// Math.max/min propagate NaN, as the contract asks.
export const MAX: Reducer = {
  run: (x, s, n, t) => { for (let j = 0; j < n; j++) t = Math.max(t, x[s + j]!); return t; },
  rows: (acc, at, x, s, n) => { for (let j = 0; j < n; j++) acc[at + j] = Math.max(acc[at + j]!, x[s + j]!); },
};

export const MIN: Reducer = {
  run: (x, s, n, t) => { for (let j = 0; j < n; j++) t = Math.min(t, x[s + j]!); return t; },
  rows: (acc, at, x, s, n) => { for (let j = 0; j < n; j++) acc[at + j] = Math.min(acc[at + j]!, x[s + j]!); },
};
