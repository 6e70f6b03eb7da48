/**
 * The recorded primitive behind slice, narrow, select, split, index and the backward of pad and
 * concat: a strided slice with fully resolved per-dim `begin`, `size` and `step` (step ≠ 0, may be
 * negative). Its backward places dy back into zeros of x's shape: `padConstant` on unit-step
 * dims and `scatterAddAxis` with a host-built position map on strided dims.
 */
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { scatterAddAxis } from './gather-axis.js';
import { padConstant } from './pad-constant.js';
import { hostIndex, withDim } from './shape-util.js';

export function stridedSlice(x: Tensor, begin: readonly number[], size: readonly number[], step: readonly number[], op = 'slice'): Tensor {
  // Empty dims take no element: begin 0 keeps the kernel's range checks simple.
  const b = begin.map((v, d) => (size[d] === 0 ? 0 : v));
  const y = runKernel('slice', { x }, { begin: b, size, step });
  return record(op, [x], y, (dy) => [unslice(dy, x.shape, b, size, step)]);
}

/** Zeros of `shape` with dy written at the positions a slice (begin, size, step) took. */
function unslice(dy: Tensor, shape: readonly number[], begin: readonly number[], size: readonly number[], step: readonly number[]): Tensor {
  let g = dy;
  const pairs: [number, number][] = shape.map(() => [0, 0]);
  let padded = false;
  for (let d = 0; d < shape.length; d++) {
    const n = size[d]!;
    if (step[d] === 1 || n === 0) {
      pairs[d] = [begin[d]!, shape[d]! - begin[d]! - n];
      padded ||= pairs[d]![0] !== 0 || pairs[d]![1] !== 0;
      continue;
    }
    const positions = Array.from({ length: n }, (_, j) => begin[d]! + j * step[d]!);
    const idx = hostIndex(positions, [n], dy.device);
    const prev = g;
    g = scatterAddAxis(g, idx, d, withDim(g.shape, d, shape[d]!));
    if (!g.gradFn) {
      idx.dispose();
      if (prev !== dy) prev.dispose();
    }
  }
  if (!padded) return g;
  const out = padConstant(g, pairs, 0);
  if (!out.gradFn && g !== dy) g.dispose();
  return out;
}
