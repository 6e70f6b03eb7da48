/**
 * Broadcasting drivers for elementwise kernels. An op is a *row function* that walks `n` elements
 * with one stride per operand; the driver calls it once for same-shape operands (strides 1), once
 * for a scalar operand (stride 0), and per row of the collapsed broadcast otherwise.
 */
import { sizeOf, stridesOf } from '@pistil/backend';
import { broadcastStrides, collapse, forEachRow } from './strided.js';

/** out[oi + j] = f(a[ai + j·as], b[bi + j·bs]) for j < n. */
export type Row2<A, O> = (a: A, ai: number, as: number, b: A, bi: number, bs: number, out: O, oi: number, n: number) => void;

/** out[oi + j] = c[ci + j·cs] ? a[…] : b[…] for j < n. */
export type Row3<C, A> = (c: C, ci: number, cs: number, a: A, ai: number, as: number, b: A, bi: number, bs: number, out: A, oi: number, n: number) => void;

function sameShape(s: readonly number[], t: readonly number[]): boolean {
  return s.length === t.length && s.every((d, i) => d === t[i]);
}

/** Applies `row` to a and b broadcast to `outShape`. */
export function broadcast2<A, O>(
  row: Row2<A, O>,
  a: A, aShape: readonly number[],
  b: A, bShape: readonly number[],
  out: O, outShape: readonly number[],
): void {
  const n = sizeOf(outShape);
  if (n === 0) return;
  const aFull = sameShape(aShape, outShape), bFull = sameShape(bShape, outShape);
  if (aFull && bFull) return row(a, 0, 1, b, 0, 1, out, 0, n);
  if (bFull && sizeOf(aShape) === 1) return row(a, 0, 0, b, 0, 1, out, 0, n);
  if (aFull && sizeOf(bShape) === 1) return row(a, 0, 1, b, 0, 0, out, 0, n);
  const c = collapse(outShape, [broadcastStrides(aShape, outShape), broadcastStrides(bShape, outShape), stridesOf(outShape)]);
  const last = c.shape.length - 1;
  const len = c.shape[last]!, as = c.strides[0]![last]!, bs = c.strides[1]![last]!;
  forEachRow(c.shape, c.strides, [0, 0, 0], (o) => row(a, o[0]!, as, b, o[1]!, bs, out, o[2]!, len));
}

/** Applies `row` to condition, a and b broadcast to `outShape`. */
export function broadcast3<C, A>(
  row: Row3<C, A>,
  cond: C, cShape: readonly number[],
  a: A, aShape: readonly number[],
  b: A, bShape: readonly number[],
  out: A, outShape: readonly number[],
): void {
  if (sizeOf(outShape) === 0) return;
  const c = collapse(outShape, [cShape, aShape, bShape].map((s) => broadcastStrides(s, outShape)).concat([stridesOf(outShape)]));
  const last = c.shape.length - 1;
  const len = c.shape[last]!;
  const [cs, as, bs] = [0, 1, 2].map((k) => c.strides[k]![last]!) as [number, number, number];
  forEachRow(c.shape, c.strides, [0, 0, 0, 0], (o) => row(cond, o[0]!, cs, a, o[1]!, as, b, o[2]!, bs, out, o[3]!, len));
}
