import { ShapeError, fmtShape, gatherShape, sizeOf, stridesOf } from '@pistil/backend';
import type { KernelImpl, TypedArray } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { requireDType } from '../helpers/checks.js';

/** Throws a `ShapeError` naming the first index outside [0, dim) and its position in `indices`. */
export function checkIndices(op: string, indices: TypedArray, indicesShape: readonly number[], dim: number, axis: number): void {
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i]!;
    if (v < 0 || v >= dim) {
      const strides = stridesOf(indicesShape);
      const pos = strides.map((s, d) => Math.floor(i / s) % indicesShape[d]!);
      throw new ShapeError(`${op}: index ${v} at position [${pos.join(', ')}] of indices ${fmtShape(indicesShape)} is out of range [0, ${dim}) for axis ${axis}`);
    }
  }
}

export const gather: KernelImpl<CpuBackend, 'gather'> = (backend, { x, indices }, { axis }) => {
  requireDType('gather', 'indices', indices, ['int32']);
  const shape = gatherShape(x.shape, indices.shape, axis);
  const dim = x.shape[axis]!;
  checkIndices('gather', backend.view(indices), indices.shape, dim, axis);
  const out = backend.output(shape, x.dtype);
  const xv = backend.view(x), iv = backend.view(indices), ov = backend.view(out);
  const outer = sizeOf(x.shape.slice(0, axis)), inner = sizeOf(x.shape.slice(axis + 1)), count = iv.length;
  for (let o = 0, at = 0; o < outer; o++) {
    const base = o * dim;
    if (inner === 1) {
      for (let t = 0; t < count; t++) ov[at++] = xv[base + iv[t]!]!;
    } else {
      for (let t = 0; t < count; t++, at += inner) {
        const src = (base + iv[t]!) * inner;
        ov.set(xv.subarray(src, src + inner), at);
      }
    }
  }
  return out;
};
