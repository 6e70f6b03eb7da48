/** Plain-JS float64 reference for the shape tests: flat row-major arrays indexed by coordinates. */
import { tensor } from '../../src/index.js';
import type { DType, Tensor } from '../../src/index.js';

export interface Ref {
  shape: number[];
  data: number[];
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, q) => p * q, 1);
}

export function unravel(i: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = i % shape[d]!;
    i = Math.floor(i / shape[d]!);
  }
  return idx;
}

export function offset(idx: readonly number[], shape: readonly number[]): number {
  let o = 0;
  for (let d = 0; d < shape.length; d++) o = o * shape[d]! + idx[d]!;
  return o;
}

/** Distinct, non-integer values (distinct for the first 1000 elements). */
export function ref(shape: number[], f: (i: number) => number = (i) => ((i * 37) % 1009) / 8 - 60): Ref {
  return { shape, data: Array.from({ length: sizeOf(shape) }, (_, i) => f(i)) };
}

export function get(r: Ref, idx: readonly number[]): number {
  return r.data[offset(idx, r.shape)]!;
}

/** A flat array of `shape` whose element at idx is fn(idx). */
export function build(shape: readonly number[], fn: (idx: number[]) => number): number[] {
  return Array.from({ length: sizeOf(shape) }, (_, i) => fn(unravel(i, shape)));
}

export function toTensor(r: Ref, dtype: DType = 'float64'): Tensor {
  return tensor(Float64Array.from(r.data), { shape: r.shape, dtype });
}

export function ints(values: number[], shape: number[] = [values.length]): Tensor {
  return tensor(Int32Array.from(values), { shape });
}
