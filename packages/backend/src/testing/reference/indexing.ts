/** Multi-index helpers for the reference: plain row-major arithmetic, nothing clever. */
import type { DType } from '../../dtypes.js';
import { hostSize, type HostTensor } from '../host.js';

export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1]! * shape[i + 1]!;
  return strides;
}

/** Flat offset of multi-index `idx` in a contiguous tensor of `shape`. */
export function offsetOf(idx: readonly number[], shape: readonly number[]): number {
  let off = 0;
  for (let i = 0; i < shape.length; i++) off = off * shape[i]! + idx[i]!;
  return off;
}

/** Calls `fn` with every multi-index of `shape` in row-major order (once for a scalar, never if empty). */
export function forEachIndex(shape: readonly number[], fn: (idx: number[], flat: number) => void): void {
  const size = hostSize(shape);
  const idx = new Array<number>(shape.length).fill(0);
  for (let flat = 0; flat < size; flat++) {
    fn(idx, flat);
    for (let d = shape.length - 1; d >= 0; d--) {
      if (++idx[d]! < shape[d]!) break;
      idx[d] = 0;
    }
  }
}

/** NumPy broadcast of several shapes (no error reporting: the reference only sees valid cases). */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of shapes) {
      const k = s.length - rank + i;
      if (k >= 0 && s[k] !== 1) d = s[k]!;
    }
    out.push(d);
  }
  return out;
}

/** Offset into a tensor of `shape` that broadcasts to the output index `outIdx`. */
export function broadcastOffset(outIdx: readonly number[], shape: readonly number[]): number {
  const lead = outIdx.length - shape.length;
  let off = 0;
  for (let i = 0; i < shape.length; i++) off = off * shape[i]! + (shape[i] === 1 ? 0 : outIdx[lead + i]!);
  return off;
}

export function newHost(shape: readonly number[], dtype: DType, fill = 0): HostTensor {
  return { shape: [...shape], dtype, data: new Float64Array(hostSize(shape)).fill(fill) };
}
