import type { ReduceOp } from '@pistil/backend';
import { runKernel } from '../engine.js';
import { Tensor } from '../tensor.js';
import { normalizeAxes } from './util.js';

export interface ReduceArgs {
  /** Axes to reduce (negative counts from the end); all when omitted. */
  axes: number[];
  /** Shape with reduced axes kept as 1 (what the kernel returns). */
  keptShape: number[];
  /** Shape the op returns: `keptShape`, or without the reduced axes unless keepdim. */
  outShape: number[];
}

export function reduceArgs(op: string, x: Tensor, axis: number | readonly number[] | undefined, keepdim: boolean): ReduceArgs {
  // A 0-d tensor accepts axis 0 (as PyTorch) and has nothing to reduce: drop it before the kernel.
  const axes = normalizeAxes(op, axis, x.rank).filter((a) => a < x.rank);
  const keptShape = x.shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const outShape = keepdim ? keptShape : x.shape.filter((_, i) => !axes.includes(i));
  return { axes, keptShape, outShape };
}

/** Runs a reduce kernel and gives the result the op's output shape (a metadata-only view). */
export function runReduce(op: ReduceOp, x: Tensor, args: ReduceArgs): Tensor {
  const kept = runKernel('reduce', { x }, { op, axes: args.axes });
  if (args.outShape.length === kept.rank) return kept;
  const out = Tensor.view(kept, args.outShape);
  kept.dispose();
  return out;
}
