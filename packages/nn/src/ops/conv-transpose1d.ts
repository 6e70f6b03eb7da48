import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { single } from './conv-args.js';
import type { ConvTranspose1dOptions } from './conv-args.js';
import { convTranspose2dAttrs, convTranspose2dCore } from './conv-transpose2d.js';
import { Temps, requireFloats, reword } from './linalg-util.js';
import { reshape } from './reshape.js';

/**
 * Transposed 1-D convolution: x [N, Cin, L] (or [Cin, L]) with weight [Cin, Cout/groups, K] and
 * optional bias [Cout] → [N, Cout, OL]; runs as convTranspose2d with H = 1 (same restriction:
 * outputPadding < stride).
 */
export function convTranspose1d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: ConvTranspose1dOptions = {}): Tensor {
  const op = 'convTranspose1d';
  requireFloats(op, x, weight, bias);
  if (x.rank !== 2 && x.rank !== 3) throw new ShapeError(`${op}: input must be [N, Cin, L] or [Cin, L], got ${fmtShape(x.shape)}`);
  if (weight.rank !== 3) throw new ShapeError(`${op}: weight must be [Cin, Cout/groups, K], got ${fmtShape(weight.shape)}`);
  const x3 = x.rank === 2 ? [1, ...x.shape] : x.shape;
  const x4Shape = [x3[0]!, x3[1]!, 1, x3[2]!];
  const w4Shape = [weight.shape[0]!, weight.shape[1]!, 1, weight.shape[2]!];
  const [attrs, outputPadding] = reword(op, `input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}`, () =>
    convTranspose2dAttrs(op, x4Shape, w4Shape, {
      stride: [1, single(op, 'stride', options.stride ?? 1)],
      padding: [0, single(op, 'padding', options.padding ?? 0)],
      outputPadding: [0, single(op, 'outputPadding', options.outputPadding ?? 0)],
      dilation: [1, single(op, 'dilation', options.dilation ?? 1)],
      groups: options.groups ?? 1,
    }));
  const outC = weight.shape[1]! * attrs.groups;
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outC)) throw new ShapeError(`${op}: bias must be [${outC}] (output channels), got ${fmtShape(bias.shape)}`);
  const temps = new Temps();
  const x4 = temps.add(reshape(x, x4Shape));
  const w4 = temps.add(reshape(weight, w4Shape));
  const y4 = temps.add(convTranspose2dCore(x4, w4, attrs, outputPadding));
  let y = reshape(y4, x.rank === 2 ? [outC, y4.shape[3]!] : [y4.shape[0]!, outC, y4.shape[3]!]);
  if (bias) y = add(temps.add(y), temps.add(reshape(bias, [outC, 1])));
  return temps.finish(y);
}
