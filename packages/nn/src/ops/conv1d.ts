import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { conv2dAttrs } from './conv2d.js';
import { single } from './conv-args.js';
import type { Conv1dOptions } from './conv-args.js';
import { conv2dCore } from './conv2d-core.js';
import { Temps, requireFloats, reword } from './linalg-util.js';
import { reshape } from './reshape.js';

/**
 * 1-D convolution: x [N, C, L] (or unbatched [C, L]) with weight [O, C/groups, K] and optional
 * bias [O] → [N, O, OL]; padding a number, 'same' (stride 1) or 'valid'. Runs as conv2d with H = 1.
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, options: Conv1dOptions = {}): Tensor {
  const op = 'conv1d';
  requireFloats(op, x, weight, bias);
  if (x.rank !== 2 && x.rank !== 3) throw new ShapeError(`${op}: input must be [N, C, L] or [C, L], got ${fmtShape(x.shape)}`);
  if (weight.rank !== 3) throw new ShapeError(`${op}: weight must be [O, C/groups, K], got ${fmtShape(weight.shape)}`);
  const outC = weight.shape[0]!;
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outC)) throw new ShapeError(`${op}: bias must be [${outC}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`);
  const x3 = x.rank === 2 ? [1, ...x.shape] : x.shape;
  const x4Shape = [x3[0]!, x3[1]!, 1, x3[2]!];
  const w4Shape = [weight.shape[0]!, weight.shape[1]!, 1, weight.shape[2]!];
  const padding = options.padding ?? 0;
  const attrs = reword(op, `input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)}`, () =>
    conv2dAttrs(op, x4Shape, w4Shape, {
      stride: [1, single(op, 'stride', options.stride ?? 1)],
      dilation: [1, single(op, 'dilation', options.dilation ?? 1)],
      padding: typeof padding === 'string' ? padding : [0, single(op, 'padding', padding)],
      groups: options.groups ?? 1,
    }));
  const temps = new Temps();
  const x4 = temps.add(reshape(x, x4Shape));
  const w4 = temps.add(reshape(weight, w4Shape));
  const y4 = temps.add(conv2dCore(x4, w4, attrs));
  let y = reshape(y4, x.rank === 2 ? [outC, y4.shape[3]!] : [y4.shape[0]!, outC, y4.shape[3]!]);
  if (bias) y = add(temps.add(y), temps.add(reshape(bias, [outC, 1])));
  return temps.finish(y);
}
