/** Reading and checking the int32 indices of gather and scatterAdd. */
import { ShapeError, fmtShape, sizeOf, stridesOf, type TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';

/**
 * The indices, read back (a synchronous GPU read: the contract asks for a `ShapeError` on an
 * index outside [0, dim), and a GPU cannot throw), after checking every one of them.
 */
export function readIndices(backend: WebGLBackend, op: string, indices: TensorInfo, dim: number, axis: number): Int32Array {
  if (sizeOf(indices.shape) === 0) return new Int32Array(0);
  const values = backend.readSync(indices.dataId) as Int32Array;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < 0 || v >= dim) {
      const strides = stridesOf(indices.shape);
      const pos = strides.map((s, d) => Math.floor(i / s) % indices.shape[d]!);
      throw new ShapeError(`${op}: index ${v} at position [${pos.join(', ')}] of indices ${fmtShape(indices.shape)} is out of range [0, ${dim}) for axis ${axis}`);
    }
  }
  return values;
}
