/**
 * The recorded primitive behind constant padding and the backward of unit-step slices: pads
 * every dim by fully resolved `[before, after]` pairs (non-negative) with `value`. Its backward
 * is the slice that takes the original block back.
 */
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { stridedSlice } from './strided-slice.js';

export function padConstant(x: Tensor, pairs: readonly (readonly [number, number])[], value: number): Tensor {
  const y = runKernel('pad', { x }, { pads: pairs, mode: 'constant', value });
  return record('pad', [x], y, (dy) => [stridedSlice(dy, pairs.map((p) => p[0]), x.shape, x.shape.map(() => 1))]);
}
