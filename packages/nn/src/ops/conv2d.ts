import type { Conv2dAttrs } from '@pistil/backend';
import { ShapeError, conv2dShape, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { convPads, groupsOf, pairOf } from './conv-args.js';
import type { Conv2dOptions } from './conv-args.js';
import { conv2dAct, type FusedActivation } from './fused.js';
import { Temps, requireFloats } from './linalg-util.js';
import { reshape } from './reshape.js';

/** Resolves and validates conv2d options for x [N, C, H, W] and weight [O, C/g, KH, KW]. */
export function conv2dAttrs(op: string, xShape: readonly number[], wShape: readonly number[], options: Conv2dOptions): Conv2dAttrs {
  const stride = pairOf(op, 'stride', options.stride ?? 1, 1);
  const dilation = pairOf(op, 'dilation', options.dilation ?? 1, 1);
  const groups = groupsOf(op, options.groups ?? 1);
  const pads = convPads(op, options.padding ?? 0, [wShape[2]!, wShape[3]!], dilation, stride);
  const attrs: Conv2dAttrs = { stride, pads, dilation, groups };
  conv2dShape(xShape, wShape, attrs);
  return attrs;
}

/**
 * 2-D convolution (cross-correlation, as PyTorch): x [N, C, H, W] (or unbatched [C, H, W]) with
 * weight [O, C/groups, KH, KW] and optional bias [O] → [N, O, OH, OW]. Options as
 * `torch.nn.functional.conv2d`: stride, padding (number, [h, w], 'same' with stride 1, 'valid'),
 * dilation, groups.
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv2dOptions = {}): Tensor {
  return conv2dActivated(x, weight, bias ?? null, options, 'none');
}

/**
 * @internal `conv2d` followed by `activation`, the bias and activation fused into the
 * convolution where the backend can (ops/fused.ts); Sequential fuses Conv2d → ReLU into this.
 */
export function conv2dActivated(x: Tensor, weight: Tensor, bias: Tensor | null, options: Conv2dOptions, activation: FusedActivation): Tensor {
  const op = 'conv2d';
  requireFloats(op, x, weight, bias);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`${op}: input must be [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
  if (weight.rank !== 4) throw new ShapeError(`${op}: weight must be [O, C/groups, KH, KW], got ${fmtShape(weight.shape)}`);
  const outC = weight.shape[0]!;
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outC)) throw new ShapeError(`${op}: bias must be [${outC}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`);
  const attrs = conv2dAttrs(op, x.rank === 3 ? [1, ...x.shape] : x.shape, weight.shape, options);
  if (x.rank === 4) return conv2dAct(x, weight, bias, attrs, activation);
  const temps = new Temps();
  const y = temps.add(conv2dAct(temps.add(reshape(x, [1, ...x.shape])), weight, bias, attrs, activation));
  return temps.finish(reshape(y, y.shape.slice(1)));
}
