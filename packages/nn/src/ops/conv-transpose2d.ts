import type { Conv2dAttrs, Pair } from '@pistil/backend';
import { ShapeError, conv2dTransposeShape, fmtShape } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { groupsOf, pairOf } from './conv-args.js';
import type { ConvTranspose2dOptions } from './conv-args.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dCore } from './conv2d-core.js';
import { Temps, requireFloats } from './linalg-util.js';
import { reshape } from './reshape.js';

/** Resolves and validates convTranspose2d options; returns the attrs and the output padding. */
export function convTranspose2dAttrs(op: string, xShape: readonly number[], wShape: readonly number[], options: ConvTranspose2dOptions): [Conv2dAttrs, Pair] {
  const stride = pairOf(op, 'stride', options.stride ?? 1, 1);
  const dilation = pairOf(op, 'dilation', options.dilation ?? 1, 1);
  const groups = groupsOf(op, options.groups ?? 1);
  const [ph, pw] = pairOf(op, 'padding', options.padding ?? 0, 0);
  const outputPadding = pairOf(op, 'outputPadding', options.outputPadding ?? 0, 0);
  if (outputPadding[0] >= stride[0] || outputPadding[1] >= stride[1])
    throw new ShapeError(`${op}: outputPadding [${outputPadding.join(', ')}] must be smaller than stride [${stride.join(', ')}]`);
  const attrs: Conv2dAttrs = { stride, pads: [ph, pw, ph, pw], dilation, groups };
  const cin = xShape[1]!;
  if (wShape[0] !== cin) throw new ShapeError(`${op}: weight ${fmtShape(wShape)} expects ${wShape[0]} input channels, input ${fmtShape(xShape)} has ${cin}`);
  conv2dTransposeShape(xShape, wShape, { ...attrs, outputPadding });
  return [attrs, outputPadding];
}

/** The `conv2dTranspose` kernel as a recorded op (internal; attrs resolved). */
export function convTranspose2dCore(x: Tensor, w: Tensor, attrs: Conv2dAttrs, outputPadding: Pair): Tensor {
  const y = runKernel('conv2dTranspose', { x, w }, { ...attrs, outputPadding });
  // convTranspose2d is the adjoint of conv2d in its input: y = conv2dBackpropInput(x; w). So
  // dx = conv2d(dy, w) and dw = conv2dBackpropFilter with dy in the input's role and x in dy's.
  return record('convTranspose2d', [x, w], y, (dy, needs) => [
    needs[0] ? conv2dCore(dy, w, attrs) : null,
    needs[1] ? conv2dBackpropFilter(dy, x, attrs, w.shape) : null,
  ]);
}

/**
 * Transposed 2-D convolution (the gradient of conv2d with respect to its input), as
 * `torch.nn.functional.conv_transpose2d`: x [N, Cin, H, W] (or [Cin, H, W]) with weight
 * [Cin, Cout/groups, KH, KW] and optional bias [Cout] → [N, Cout, OH, OW],
 * OH = (H − 1)·stride − 2·padding + dilation·(KH − 1) + outputPadding + 1.
 * Difference from PyTorch: outputPadding must be smaller than stride (PyTorch also allows
 * outputPadding < dilation with stride 1).
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvTranspose2dOptions = {}): Tensor {
  const op = 'convTranspose2d';
  requireFloats(op, x, weight, bias);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`${op}: input must be [N, Cin, H, W] or [Cin, H, W], got ${fmtShape(x.shape)}`);
  if (weight.rank !== 4) throw new ShapeError(`${op}: weight must be [Cin, Cout/groups, KH, KW], got ${fmtShape(weight.shape)}`);
  const [attrs, outputPadding] = convTranspose2dAttrs(op, x.rank === 3 ? [1, ...x.shape] : x.shape, weight.shape, options);
  const outC = weight.shape[1]! * attrs.groups;
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outC)) throw new ShapeError(`${op}: bias must be [${outC}] (output channels), got ${fmtShape(bias.shape)}`);
  const temps = new Temps();
  const x4 = x.rank === 3 ? temps.add(reshape(x, [1, ...x.shape])) : x;
  let y = convTranspose2dCore(x4, weight, attrs, outputPadding);
  if (bias) y = add(temps.add(y), temps.add(reshape(bias, [outC, 1, 1])));
  if (x.rank === 3) y = reshape(temps.add(y), y.shape.slice(1));
  return temps.finish(y);
}
