/** Reference for `reduce` and `argReduce`: loop over each output element, then over its reduced slice. */
import type { DType } from '../../dtypes.js';
import type { KernelAttrs, ReduceOp } from '../../kernels.js';
import type { HostTensor } from '../host.js';
import { forEachIndex, newHost, offsetOf } from './indexing.js';

export function reduceOutDType(op: ReduceOp, x: DType): DType {
  if (op === 'any' || op === 'all') return 'bool';
  if ((op === 'sum' || op === 'prod') && (x === 'bool' || x === 'uint8')) return 'int32';
  return x;
}

function combine(op: ReduceOp, values: number[]): number {
  switch (op) {
    case 'sum': return values.reduce((s, v) => s + v, 0);
    case 'prod': return values.reduce((p, v) => p * v, 1);
    case 'mean': return values.length === 0 ? NaN : values.reduce((s, v) => s + v, 0) / values.length;
    case 'max': return values.reduce((m, v) => (Number.isNaN(m) || Number.isNaN(v) ? NaN : Math.max(m, v)), -Infinity);
    case 'min': return values.reduce((m, v) => (Number.isNaN(m) || Number.isNaN(v) ? NaN : Math.min(m, v)), Infinity);
    case 'any': return values.some((v) => v !== 0) ? 1 : 0;
    case 'all': return values.every((v) => v !== 0) ? 1 : 0;
  }
}

/** The values of `x` that reduce into output index `outIdx` (reduced axes have index 0 there). */
function slab(x: HostTensor, axes: readonly number[], outIdx: readonly number[]): number[] {
  const values: number[] = [];
  const idx = [...outIdx];
  forEachIndex(axes.map((a) => x.shape[a]!), (sub) => {
    axes.forEach((a, k) => (idx[a] = sub[k]!));
    values.push(x.data[offsetOf(idx, x.shape)]!);
  });
  return values;
}

export function reduce({ x }: { x: HostTensor }, { op, axes }: KernelAttrs<'reduce'>): HostTensor {
  const shape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = newHost(shape, reduceOutDType(op, x.dtype));
  forEachIndex(shape, (idx, flat) => {
    out.data[flat] = combine(op, slab(x, axes, idx));
  });
  return out;
}

export function argReduce({ x }: { x: HostTensor }, { op, axis }: KernelAttrs<'argReduce'>): HostTensor {
  const shape = x.shape.map((d, i) => (i === axis ? 1 : d));
  const out = newHost(shape, 'int32');
  const better = op === 'argmax' ? (v: number, best: number) => v > best : (v: number, best: number) => v < best;
  forEachIndex(shape, (idx, flat) => {
    const values = slab(x, [axis], idx);
    let bi = 0;
    for (let i = 1; i < values.length && !Number.isNaN(values[bi]!); i++) {
      if (Number.isNaN(values[i]!) || better(values[i]!, values[bi]!)) bi = i;
    }
    out.data[flat] = bi;
  });
  return out;
}
