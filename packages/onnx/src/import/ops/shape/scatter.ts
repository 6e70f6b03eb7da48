/**
 * ScatterElements (and Scatter, its opset 9–10 name): a copy of data with `updates` written at
 * `indices` along `axis`. Reductions: none and add (opset 16); mul/max/min are not implemented.
 * Built from scatterAdd so gradients reach both data (where not overwritten) and updates.
 */
import { gt, onesLike, scatterAdd, where, zeros, zerosLike } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { axisIn, namingNode } from './common.js';
import { indicesOf, wrapIndices } from './gather.js';

const NOTES = `reduction 'none' and 'add' only; without a reduction, indices hitting one position twice add up (onnxruntime keeps the last)`;

function scatterElements(ctx: OpContext) {
  const x = ctx.tensor(0);
  const axis = axisIn(ctx, ctx.attrs.int('axis', 0), x.rank);
  const n = x.shape[axis]!;
  const reduction = ctx.opType === 'ScatterElements' && ctx.opset >= 16 ? ctx.attrs.string('reduction', 'none') : 'none';
  if (reduction !== 'none' && reduction !== 'add') ctx.unsupported(`reduction '${reduction}' (only 'none' and 'add' are implemented)`);
  const idx = wrapIndices(indicesOf(ctx, 1, n), n);
  const updates = ctx.tensor(2);
  if (idx.rank !== x.rank || updates.shape.join() !== idx.shape.join() || idx.shape.some((m, d) => d !== axis && m > x.shape[d]!))
    ctx.fail(`indices [${idx.shape.join(', ')}] and updates [${updates.shape.join(', ')}] must have one shape, of data's rank and no larger than data [${x.shape.join(', ')}] outside axis ${axis}`);
  if (reduction === 'add') return namingNode(ctx, () => scatterAdd(x, axis, idx, updates));
  // Positions hit by an index take the update; repeated indices (undefined behaviour in ONNX,
  // the last one wins in onnxruntime) add up here.
  const hit = namingNode(ctx, () => gt(scatterAdd(zeros(x.shape, { dtype: 'int32', device: x.device }), axis, idx, onesLike(idx)), 0));
  return where(hit, scatterAdd(zerosLike(x), axis, idx, updates), x);
}

export const SCATTER_OPS: readonly OpDef[] = [
  { opType: 'ScatterElements', since: 11, run: scatterElements, notes: NOTES },
  { opType: 'Scatter', since: 9, run: scatterElements, notes: NOTES },
];
