/**
 * NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss (opset 12; 13 only adds types) on nn's
 * `nllLoss`, which has ONNX's semantics: per-class weights, ignore_index (its loss and weight
 * drop out, also from the mean's divisor Σ w[target]), reductions none/sum/mean, and inputs
 * [N, C] or [N, C, d1, …, dk] with class targets [N] or [N, d1, …, dk].
 */
import { cast, logSoftmax, nllLoss } from '@pistil/nn';
import type { Reduction, Tensor } from '@pistil/nn';
import { fmtShape } from '@pistil/backend';
import type { OpContext, OpDef } from '../../op-types.js';
import { floatInput, guard } from '../nn/common.js';

const REDUCTIONS: readonly string[] = ['none', 'sum', 'mean'];

function reductionOf(ctx: OpContext): Reduction {
  const r = ctx.attrs.string('reduction', 'mean');
  if (!REDUCTIONS.includes(r)) ctx.fail(`attribute 'reduction' = '${r}' is not one of ${REDUCTIONS.join(', ')}`);
  return r as Reduction;
}

/** The class targets (input 1): int32 or int64 (int32 on the device) of shape [N, d1, …, dk]. */
function targetOf(ctx: OpContext, input: Tensor): Tensor {
  const target = ctx.tensor(1);
  if (target.dtype !== 'int32') ctx.fail(`the target (input 1) must hold int32 or int64 class indices, got ${target.dtype}`);
  const want = [input.shape[0]!, ...input.shape.slice(2)];
  if (target.rank !== want.length || target.shape.some((d, i) => d !== want[i]))
    ctx.fail(`the target (input 1) must have shape ${fmtShape(want)} for input ${fmtShape(input.shape)}, got ${fmtShape(target.shape)}`);
  return target;
}

/** The optional per-class weight (input 2) of shape [C], in the input's dtype. */
function weightOf(ctx: OpContext, input: Tensor): Tensor | undefined {
  if (!ctx.has(2)) return undefined;
  const w = floatInput(ctx, 2, 'the weight (input 2)');
  const c = input.shape[1]!;
  if (w.rank !== 1 || w.shape[0] !== c) ctx.fail(`the weight (input 2) must have shape [${c}], got ${fmtShape(w.shape)}`);
  return w.dtype === input.dtype ? w : cast(w, input.dtype);
}

/** −Σ weight[target]·logProbs[target] per element, reduced; logProbs is [N, C, d1, …]. */
function classLoss(ctx: OpContext, logProbs: Tensor): Tensor {
  const target = targetOf(ctx, logProbs);
  const weight = weightOf(ctx, logProbs);
  const reduction = reductionOf(ctx);
  // Without ignore_index every target must be a class: NaN matches no target (nllLoss's default −100 would).
  const ignoreIndex = ctx.attrs.has('ignore_index') ? ctx.attrs.int('ignore_index') : NaN;
  // Targets outside [0, C) other than ignore_index are refused by nllLoss (a ShapeError, renamed for the node).
  return guard(ctx, () => nllLoss(logProbs, target, { weight, reduction, ignoreIndex }));
}

/** Input 0 as float scores or log-probabilities with at least [N, C]. */
function classInput(ctx: OpContext, what: string): Tensor {
  const x = floatInput(ctx, 0, what);
  if (x.rank < 2) ctx.fail(`${what} (input 0) must be [N, C] or [N, C, d1, …, dk], got ${fmtShape(x.shape)}`);
  return x;
}

export const CLASS_LOSS_OPS: readonly OpDef[] = [
  {
    opType: 'NegativeLogLikelihoodLoss',
    since: 12,
    run: (ctx) => classLoss(ctx, classInput(ctx, 'the input')),
  },
  {
    opType: 'SoftmaxCrossEntropyLoss',
    since: 12,
    run: (ctx) => {
      const logProbs = logSoftmax(classInput(ctx, 'the scores'), 1);
      const loss = classLoss(ctx, logProbs);
      return ctx.wantsOutput(1) ? [loss, logProbs] : [loss];
    },
  },
];
