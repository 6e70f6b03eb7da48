/**
 * Softmax, LogSoftmax and Hardmax. Before opset 13 they flatten the input to 2-D at `axis`
 * (default 1) and normalise each row; from 13 they normalise along the one axis (default −1).
 */
import { argmax, arange, cast, eq, logSoftmax, reshape, softmax } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';

function axisAttribute(ctx: OpContext, rank: number): number {
  const given = ctx.attrs.int('axis', ctx.opset < 13 ? 1 : -1);
  // Before 11, axis = rank was accepted: every dim goes to the batch side, rows of one element.
  const upper = ctx.opset < 11 ? rank : rank - 1;
  if (given < -rank || given > upper) ctx.fail(`attribute 'axis' = ${given} is out of range for an input of rank ${rank}`);
  return given < 0 ? given + rank : given;
}

/** One-hot of the first maximum along `axis`, in x's dtype. */
function hardmax(x: Tensor, axis: number): Tensor {
  const first = argmax(x, axis, true);
  const n = x.shape[axis]!;
  const positions = reshape(arange(0, n, 1, { dtype: 'int32', device: x.device }), x.shape.map((_, i) => (i === axis ? n : 1)));
  return cast(eq(first, positions), x.dtype);
}

function normalizer(opType: string, along: (x: Tensor, axis: number) => Tensor): OpDef {
  return {
    opType,
    since: 1,
    run: (ctx) => {
      const x = ctx.tensor(0);
      const axis = axisAttribute(ctx, x.rank);
      if (ctx.opset >= 13) return along(x, axis);
      const rows = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
      const cols = x.shape.slice(axis).reduce((a, b) => a * b, 1);
      return reshape(along(reshape(x, [rows, cols]), 1), x.shape);
    },
  };
}

export const SOFTMAX_OPS: readonly OpDef[] = [
  normalizer('Softmax', softmax),
  normalizer('LogSoftmax', logSoftmax),
  normalizer('Hardmax', hardmax),
];
