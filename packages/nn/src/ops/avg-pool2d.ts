import { ShapeError, fmtShape } from '@pistil/backend';
import { tensor } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { avgPool2dCore } from './avg-pool2d-core.js';
import type { IntPair } from './conv-args.js';
import { Temps, requireFloats } from './linalg-util.js';
import { mul } from './mul.js';
import { avgPoolDivisors, planPool2d, poolInput } from './pool-args.js';
import type { AvgPool2dOptions } from './pool-args.js';
import { reshape } from './reshape.js';

/**
 * 2-D average pooling over x [N, C, H, W] (or [C, H, W]), as `torch.nn.functional.avg_pool2d`,
 * divisor included: padding counts when countIncludePad (default true) but, with ceilMode, the
 * part of a last window hanging past the padding never does; divisorOverride replaces it.
 */
export function avgPool2d(x: Tensor, kernelSize: IntPair, options: AvgPool2dOptions = {}): Tensor {
  const op = 'avgPool2d';
  requireFloats(op, x);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`${op}: input must be [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
  const override = options.divisorOverride;
  if (override !== undefined && !(Number.isFinite(override) && override !== 0)) throw new RangeError(`${op}: divisorOverride must be a non-zero number, got ${override}`);
  const countIncludePad = options.countIncludePad ?? true;
  const temps = new Temps();
  const hw = [x.shape[x.rank - 2]!, x.shape[x.rank - 1]!] as const;
  const plan = planPool2d(op, x.shape, hw, kernelSize, options.stride, options.padding, 1, options.ceilMode ?? false);
  const x4 = x.rank === 3 ? temps.add(reshape(x, [1, ...x.shape])) : x;
  const base = { kernel: plan.kernel, stride: plan.stride, dilation: plan.dilation };
  let y: Tensor;
  if (plan.extra[0] === 0 && plan.extra[1] === 0 && override === undefined) {
    const [ph, pw] = plan.padding;
    y = avgPool2dCore(x4, { ...base, pads: [ph, pw, ph, pw], countIncludePad });
  } else {
    // Window means over every position (kk each), rescaled to PyTorch's divisor per window.
    const kk = plan.kernel[0] * plan.kernel[1];
    const { input, pads, padded } = poolInput(x4, plan, 0);
    if (padded) temps.add(input);
    const means = temps.add(avgPool2dCore(input, { ...base, pads, countIncludePad: true }));
    if (override !== undefined) {
      y = mul(means, kk / override);
    } else {
      const scale = Float64Array.from(avgPoolDivisors(hw, plan, countIncludePad), (d) => kk / d);
      y = mul(means, temps.add(tensor(scale, { shape: plan.out, dtype: x.dtype, device: x.device })));
    }
  }
  if (x.rank === 3) y = reshape(temps.add(y), y.shape.slice(1));
  return temps.finish(y);
}
