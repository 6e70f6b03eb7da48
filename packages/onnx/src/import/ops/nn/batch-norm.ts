/**
 * BatchNormalization. Inference normalises by the running statistics (inputs 3, 4). Batch
 * statistics are used in train mode (the module's `train()`, then the running statistics are
 * updated in place with PyTorch's fine-tuning semantics: unbiased variance in the estimate), and
 * when the node itself asks for training (training_mode = 1 from opset 14; extra outputs before),
 * which follows the ONNX definition (biased variance) and returns the updated statistics.
 */
import { add, mean, mul, noGrad, reshape, rsqrt, sub, variance } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { fmtShape } from '@pistil/backend';
import type { OpContext, OpDef } from '../../op-types.js';
import { floatInput, requireRank } from './common.js';

/** Whether the node's own definition puts it in training mode. */
function nodeTrains(ctx: OpContext): boolean {
  if (ctx.opset >= 14) return ctx.attrs.int('training_mode', 0) !== 0;
  // Before 14, training mode is the output case with mean, var, saved_mean, saved_var.
  if (ctx.opset < 7 && ctx.attrs.int('is_test', 0) !== 0) return false;
  return ctx.wantsOutput(1);
}

function runBatchNorm(ctx: OpContext): Tensor | Tensor[] {
  const x = floatInput(ctx, 0, 'input X');
  requireRank(ctx, x, 2, 'input X');
  const eps = ctx.attrs.float('epsilon', 1e-5);
  const momentum = ctx.attrs.float('momentum', 0.9);
  if (!(eps >= 0)) ctx.fail(`attribute 'epsilon' = ${eps} must be non-negative`);
  // spatial = 0 (before opset 9): statistics per activation, over the batch dim only.
  const spatial = ctx.opset >= 9 || ctx.attrs.int('spatial', 1) !== 0;
  const statShape = spatial ? [x.shape[1]!] : x.shape.slice(1);
  const names = ['scale', 'B', 'input_mean', 'input_var'];
  const [scale, bias, runningMean, runningVar] = names.map((name, k) => {
    const t = floatInput(ctx, k + 1, name);
    if (t.shape.join() !== statShape.join()) ctx.fail(`${name} (input ${k + 1}) must have shape ${fmtShape(statShape)}, got ${fmtShape(t.shape)}`);
    return t;
  }) as [Tensor, Tensor, Tensor, Tensor];
  const bcast = spatial ? [x.shape[1]!, ...new Array<number>(x.rank - 2).fill(1)] : statShape;
  const per = (t: Tensor): Tensor => reshape(t, bcast);
  const affine = (normalized: Tensor): Tensor => add(mul(normalized, per(scale)), per(bias));

  const fineTuning = ctx.training;
  if (!fineTuning && !nodeTrains(ctx)) {
    return affine(mul(sub(x, per(runningMean)), rsqrt(add(per(runningVar), eps))));
  }
  const axes = spatial ? x.shape.map((_, i) => i).filter((i) => i !== 1) : [0];
  const count = x.size / statShape.reduce((a, b) => a * b, 1);
  if (fineTuning && count <= 1) ctx.fail(`training needs more than 1 value per channel, got input ${fmtShape(x.shape)}`);
  const batchMean = mean(x, axes, true);
  const batchVar = variance(x, axes, { correction: 0, keepdim: true });
  const y = affine(mul(sub(x, batchMean), rsqrt(add(batchVar, eps))));
  // running ← running·momentum + batch·(1 − momentum), outside autograd.
  const [newMean, newVar, savedMean, savedVar] = noGrad(() => {
    const bm = reshape(batchMean, statShape);
    const bv = reshape(batchVar, statShape);
    const estimate = fineTuning ? mul(bv, count / (count - 1)) : bv;
    return [add(mul(runningMean, momentum), mul(bm, 1 - momentum)), add(mul(runningVar, momentum), mul(estimate, 1 - momentum)), bm, bv];
  });
  if (fineTuning) {
    ctx.assignState(3, newMean);
    ctx.assignState(4, newVar);
  }
  if (ctx.outputCount === 1) return y;
  return ctx.opset >= 14 ? [y, newMean, newVar] : [y, newMean, newVar, savedMean, savedVar];
}

export const BATCH_NORM_OPS: readonly OpDef[] = [
  {
    opType: 'BatchNormalization',
    since: 1,
    stateInputs: [3, 4],
    run: runBatchNorm,
    notes: "train mode uses batch statistics and updates the running ones in place (PyTorch's unbiased variance); training_mode = 1 alone follows ONNX",
  },
];
