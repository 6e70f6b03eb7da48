/**
 * Host implementations of the data movement in shape arithmetic (Shape → Gather → Concat →
 * Reshape chains): small tensors, so each is written as a gather of source flat indices.
 * Callers have validated shapes and axes; results keep the input's element type.
 */
import { HostTensor, allocFor } from '../../../host-tensor.js';
import { product } from './common.js';

export function stridesOf(shape: readonly number[]): number[] {
  const s = shape.map(() => 1);
  for (let d = shape.length - 2; d >= 0; d--) s[d] = s[d + 1]! * shape[d + 1]!;
  return s;
}

/** A tensor of `shape` whose element at multi-index `idx` is x's element at flat index src(idx). */
export function remap(x: HostTensor, shape: readonly number[], src: (idx: readonly number[]) => number): HostTensor {
  const n = product(shape);
  const out = allocFor(x.type, n);
  const idx = shape.map(() => 0);
  for (let i = 0; i < n; i++) {
    out[i] = x.data[src(idx)]!;
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
  return new HostTensor(x.type, [...shape], out);
}

export function hostReshape(x: HostTensor, shape: readonly number[]): HostTensor {
  return new HostTensor(x.type, [...shape], x.data.slice());
}

/** Output dim i is input dim perm[i]. */
export function hostTranspose(x: HostTensor, perm: readonly number[]): HostTensor {
  const strides = stridesOf(x.shape);
  return remap(x, perm.map((p) => x.shape[p]!), (idx) => idx.reduce((s, v, i) => s + v * strides[perm[i]!]!, 0));
}

/** Per-dim strided slice with resolved begin, step and size. */
export function hostSlice(x: HostTensor, begin: readonly number[], step: readonly number[], size: readonly number[]): HostTensor {
  const strides = stridesOf(x.shape);
  return remap(x, size, (idx) => idx.reduce((s, v, d) => s + (begin[d]! + v * step[d]!) * strides[d]!, 0));
}

/** x broadcast to `shape` (already checked compatible, rank ≥ x's). */
export function hostBroadcast(x: HostTensor, shape: readonly number[]): HostTensor {
  const strides = stridesOf(x.shape);
  const lead = shape.length - x.shape.length;
  return remap(x, shape, (idx) => x.shape.reduce((s, n, d) => s + (n === 1 ? 0 : idx[d + lead]!) * strides[d]!, 0));
}

/** x repeated reps[d] times along each dim. */
export function hostTile(x: HostTensor, reps: readonly number[]): HostTensor {
  const strides = stridesOf(x.shape);
  return remap(x, x.shape.map((n, d) => n * reps[d]!), (idx) => idx.reduce((s, v, d) => s + (v % x.shape[d]!) * strides[d]!, 0));
}

/** Joins tensors of equal rank along `axis` (other dims already checked equal). */
export function hostConcat(xs: readonly HostTensor[], axis: number): HostTensor {
  const first = xs[0]!;
  const outer = product(first.shape.slice(0, axis));
  const inner = product(first.shape.slice(axis + 1));
  const shape = [...first.shape];
  shape[axis] = xs.reduce((s, x) => s + x.shape[axis]!, 0);
  const out = allocFor(first.type, product(shape));
  let k = 0;
  for (let o = 0; o < outer; o++)
    for (const x of xs) {
      const chunk = x.shape[axis]! * inner;
      for (let j = 0; j < chunk; j++) out[k++] = x.data[o * chunk + j]!;
    }
  return new HostTensor(first.type, shape, out);
}

/** ONNX Gather: `indices` (already wrapped into range) of shape indShape replace dim `axis`. */
export function hostGather(x: HostTensor, axis: number, indices: readonly number[], indShape: readonly number[]): HostTensor {
  const strides = stridesOf(x.shape);
  const shape = [...x.shape.slice(0, axis), ...indShape, ...x.shape.slice(axis + 1)];
  const indStrides = stridesOf(indShape);
  const q = indShape.length;
  return remap(x, shape, (idx) => {
    let flat = 0;
    for (let j = 0; j < q; j++) flat += idx[axis + j]! * indStrides[j]!;
    let s = indices[flat]! * strides[axis]!;
    for (let d = 0; d < axis; d++) s += idx[d]! * strides[d]!;
    for (let d = axis + 1; d < x.shape.length; d++) s += idx[d - 1 + q]! * strides[d]!;
    return s;
  });
}

export interface HostReducer {
  readonly init: number;
  readonly step: (acc: number, v: number) => number;
  readonly finish?: (acc: number, count: number) => number;
}

/** Reduces the (resolved, distinct) `axes`; keepdims leaves them as size 1. */
export function hostReduce(x: HostTensor, axes: readonly number[], keepdims: boolean, r: HostReducer): HostTensor {
  const reduced = new Set(axes);
  const keptShape = x.shape.map((n, d) => (reduced.has(d) ? 1 : n));
  const outStrides = stridesOf(keptShape);
  const count = product(axes.map((a) => x.shape[a]!));
  const acc = new Float64Array(product(keptShape)).fill(r.init);
  const idx = x.shape.map(() => 0);
  for (let i = 0; i < x.size; i++) {
    let o = 0;
    for (let d = 0; d < idx.length; d++) if (!reduced.has(d)) o += idx[d]! * outStrides[d]!;
    acc[o] = r.step(acc[o]!, x.data[i]!);
    for (let d = idx.length - 1; d >= 0; d--) {
      if (++idx[d]! < x.shape[d]!) break;
      idx[d] = 0;
    }
  }
  const out = allocFor(x.type, acc.length);
  acc.forEach((v, i) => (out[i] = r.finish ? r.finish(v, count) : v));
  return new HostTensor(x.type, keepdims ? keptShape : x.shape.filter((_, d) => !reduced.has(d)), out);
}
