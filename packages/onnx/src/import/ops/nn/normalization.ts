/** InstanceNormalization, LayerNormalization, MeanVarianceNormalization and LRN, built from nn reductions. */
import { add, avgPool2d, div, mean, mul, pad, pow, reshape, rsqrt, sqrt, square, sub, variance } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { fmtShape } from '@pistil/backend';
import type { OpContext, OpDef } from '../../op-types.js';
import { axisIn, floatInput, guard, optionalFloatInput, requireRank } from './common.js';

/** Per-channel vector input k of shape [C], reshaped to broadcast over [N, C, ...]. */
function channelVector(ctx: OpContext, k: number, name: string, x: Tensor): Tensor {
  const t = floatInput(ctx, k, name);
  const c = x.shape[1]!;
  if (t.rank !== 1 || t.shape[0] !== c) ctx.fail(`${name} (input ${k}) must have shape [${c}], got ${fmtShape(t.shape)}`);
  return reshape(t, [c, ...new Array<number>(x.rank - 2).fill(1)]);
}

function epsilonOf(ctx: OpContext): number {
  const eps = ctx.attrs.float('epsilon', 1e-5);
  if (!(eps >= 0)) ctx.fail(`attribute 'epsilon' = ${eps} must be non-negative`);
  return eps;
}

/** (x − mean)/√(var + eps) over `axes` (biased variance), with the mean and 1/√(var + eps) kept for reuse. */
function standardize(x: Tensor, axes: readonly number[], eps: number): { y: Tensor; mu: Tensor; invStd: Tensor } {
  const mu = mean(x, axes, true);
  const invStd = rsqrt(add(variance(x, axes, { correction: 0, keepdim: true }), eps));
  return { y: mul(sub(x, mu), invStd), mu, invStd };
}

function runInstanceNorm(ctx: OpContext): Tensor {
  const x = floatInput(ctx, 0, 'input');
  requireRank(ctx, x, 3, 'input');
  const axes = x.shape.slice(2).map((_, i) => i + 2);
  const { y } = standardize(x, axes, epsilonOf(ctx));
  return add(mul(y, channelVector(ctx, 1, 'scale', x)), channelVector(ctx, 2, 'B', x));
}

/** LayerNormalization-17: normalise over dims axis…rank−1; outputs Y, Mean, InvStdDev (reduced dims kept as 1). */
function runLayerNorm(ctx: OpContext): Tensor[] {
  const x = floatInput(ctx, 0, 'X');
  if (x.rank === 0) ctx.fail('X must have at least 1 dim');
  const axis = axisIn(ctx, 'axis', ctx.attrs.int('axis', -1), x.rank);
  const axes = x.shape.slice(axis).map((_, i) => i + axis);
  const { y, mu, invStd } = standardize(x, axes, epsilonOf(ctx));
  const scale = floatInput(ctx, 1, 'Scale');
  const bias = optionalFloatInput(ctx, 2, 'B');
  const out = guard(ctx, () => {
    const scaled = mul(y, scale);
    return bias ? add(scaled, bias) : scaled;
  });
  if (out.shape.join() !== x.shape.join()) ctx.fail(`Scale ${fmtShape(scale.shape)}${bias ? ` and B ${fmtShape(bias.shape)}` : ''} must broadcast to X ${fmtShape(x.shape)}`);
  return [out, mu, invStd];
}

/** MVN: (x − mean)/(√var + 1e-9) over `axes` (default [0, 2, 3]), as the ONNX function body. */
function runMeanVarianceNorm(ctx: OpContext): Tensor {
  const x = floatInput(ctx, 0, 'X');
  const given = ctx.attrs.ints('axes', [0, 2, 3]);
  const axes = [...new Set(given.map((a) => axisIn(ctx, 'axes', a, x.rank)))];
  const mu = mean(x, axes, true);
  const std = sqrt(variance(x, axes, { correction: 0, keepdim: true }));
  return div(sub(x, mu), add(std, 1e-9));
}

/**
 * LRN: y = x · (bias + alpha/size · Σ x²)^(−beta), the sum over channels
 * c − ⌊(size−1)/2⌋ … c + ⌈(size−1)/2⌉: an average pool of the zero-padded squares, taken as
 * [N, 1, C, D1·…·Dk] with a [size, 1] kernel.
 */
function runLrn(ctx: OpContext): Tensor {
  const x = floatInput(ctx, 0, 'X');
  requireRank(ctx, x, 2, 'X');
  const size = ctx.attrs.int('size');
  if (!(size >= 1)) ctx.fail(`attribute 'size' = ${size} must be a positive integer`);
  const alpha = ctx.attrs.float('alpha', 1e-4);
  const beta = ctx.attrs.float('beta', 0.75);
  const bias = ctx.attrs.float('bias', 1);
  const [n, c] = [x.shape[0]!, x.shape[1]!];
  const rest = x.size / Math.max(1, n * c);
  // A window reaching past every channel sums the same as one cut at C − 1 on each side.
  const [before, after] = [Math.min(Math.floor((size - 1) / 2), c - 1), Math.min(Math.ceil((size - 1) / 2), c - 1)];
  const kernel = before + after + 1;
  const squares = reshape(square(x), [n, 1, c, rest]);
  const padded = pad(squares, [0, 0, before, after]);
  const windowMean = reshape(avgPool2d(padded, [kernel, 1], { stride: 1 }), x.shape);
  return mul(x, pow(add(mul(windowMean, (alpha * kernel) / size), bias), -beta));
}

export const NORMALIZATION_OPS: readonly OpDef[] = [
  { opType: 'InstanceNormalization', since: 1, run: runInstanceNorm },
  { opType: 'LayerNormalization', since: 17, run: runLayerNorm },
  { opType: 'MeanVarianceNormalization', since: 9, run: runMeanVarianceNorm },
  { opType: 'LRN', since: 1, run: runLrn },
];
