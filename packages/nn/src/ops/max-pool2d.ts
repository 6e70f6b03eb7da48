import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import type { IntPair } from './conv-args.js';
import { Temps, requireFloats } from './linalg-util.js';
import { maxPool2dCore } from './max-pool2d-core.js';
import { planPool2d, poolInput } from './pool-args.js';
import type { MaxPool2dOptions } from './pool-args.js';
import { reshape } from './reshape.js';

/**
 * 2-D max pooling over x [N, C, H, W] (or [C, H, W]), as `torch.nn.functional.max_pool2d`:
 * stride defaults to the kernel size, padding (at most half the kernel) is −∞, and ceilMode keeps
 * a last partial window when it starts inside the input or the left padding. The gradient goes
 * to the first maximum of each window. Float inputs only (PyTorch also pools integers); no `returnIndices`.
 */
export function maxPool2d(x: Tensor, kernelSize: IntPair, options: MaxPool2dOptions = {}): Tensor {
  const op = 'maxPool2d';
  requireFloats(op, x);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`${op}: input must be [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
  const temps = new Temps();
  const plan = planPool2d(op, x.shape, [x.shape[x.rank - 2]!, x.shape[x.rank - 1]!], kernelSize, options.stride, options.padding, options.dilation, options.ceilMode ?? false);
  const x4 = x.rank === 3 ? temps.add(reshape(x, [1, ...x.shape])) : x;
  const { input, pads, padded } = poolInput(x4, plan, -Infinity);
  if (padded) temps.add(input);
  let y = maxPool2dCore(input, { kernel: plan.kernel, stride: plan.stride, pads, dilation: plan.dilation });
  if (x.rank === 3) y = reshape(temps.add(y), y.shape.slice(1));
  return temps.finish(y);
}
