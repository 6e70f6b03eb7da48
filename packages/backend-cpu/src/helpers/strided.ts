/**
 * Index iteration over strided operands: broadcasting, transposes, slices and pads all reduce to
 * "walk an output shape, reading each operand at its own strides". Dims are collapsed first, so
 * the common cases become one long row with unit or zero strides.
 */
import { stridesOf } from '@pistil/backend';
import type { TypedArray } from '@pistil/backend';

/** Strides of a contiguous `shape` seen from `outShape` (right-aligned), 0 on dims it is broadcast along. */
export function broadcastStrides(shape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(shape);
  const out = new Array<number>(outShape.length).fill(0);
  const lead = outShape.length - shape.length;
  for (let i = 0; i < shape.length; i++) out[lead + i] = shape[i] === 1 ? 0 : own[i]!;
  return out;
}

export interface Collapsed {
  shape: number[];
  strides: number[][];
}

/**
 * Drops size-1 dims and merges neighbours that every operand walks as one (stride[i] equals
 * stride[i+1]·shape[i+1]). The result has rank ≥ 1; a zero-size shape collapses to [0].
 */
export function collapse(shape: readonly number[], strides: readonly (readonly number[])[]): Collapsed {
  if (shape.includes(0)) return { shape: [0], strides: strides.map(() => [1]) };
  const keep = shape.map((_, i) => i).filter((i) => shape[i] !== 1);
  if (keep.length === 0) return { shape: [1], strides: strides.map(() => [1]) };
  const outShape = [shape[keep[0]!]!];
  const outStrides = strides.map((s) => [s[keep[0]!]!]);
  for (let j = 1; j < keep.length; j++) {
    const d = keep[j]!;
    const last = outShape.length - 1;
    const n = shape[d]!;
    if (strides.every((s, k) => outStrides[k]![last] === s[d]! * n)) {
      outShape[last] *= n;
      strides.forEach((s, k) => (outStrides[k]![last] = s[d]!));
    } else {
      outShape.push(n);
      strides.forEach((s, k) => outStrides[k]!.push(s[d]!));
    }
  }
  return { shape: outShape, strides: outStrides };
}

/**
 * Calls `row(offsets)` for each row (run along the last dim) of `shape`, with every operand's
 * offset of the row's first element (starting from `base`). `offsets` is reused: read, don't keep.
 */
export function forEachRow(
  shape: readonly number[],
  strides: readonly (readonly number[])[],
  base: readonly number[],
  row: (offsets: readonly number[]) => void,
): void {
  if (shape.includes(0)) return;
  const outer = shape.length - 1;
  const idx = new Array<number>(outer).fill(0);
  const offs = [...base];
  let rows = 1;
  for (let d = 0; d < outer; d++) rows *= shape[d]!;
  for (let r = 0; r < rows; r++) {
    row(offs);
    for (let d = outer - 1; d >= 0; d--) {
      for (let k = 0; k < offs.length; k++) offs[k] += strides[k]![d]!;
      if (++idx[d]! < shape[d]!) break;
      for (let k = 0; k < offs.length; k++) offs[k] -= strides[k]![d]! * shape[d]!;
      idx[d] = 0;
    }
  }
}

/** Copies the strided view (`offset`, `shape`, `strides`) of `src` into contiguous `dst`. */
export function stridedCopy(src: TypedArray, offset: number, shape: readonly number[], strides: readonly number[], dst: TypedArray): void {
  const c = collapse(shape, [strides, stridesOf(shape)]);
  const last = c.shape.length - 1;
  const len = c.shape[last]!;
  const step = c.strides[0]![last]!;
  forEachRow(c.shape, c.strides, [offset, 0], ([s, o]) => {
    let i = s!;
    const q = o!;
    if (step === 1 && len >= 16) dst.set(src.subarray(i, i + len), q);
    else if (step === 0) dst.fill(src[i]!, q, q + len);
    else for (let j = 0; j < len; j++, i += step) dst[q + j] = src[i]!;
  });
}
