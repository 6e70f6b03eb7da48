import { ShapeError, fmtShape, sizeOf } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { batchMatmul } from './batch-matmul.js';
import { Temps, requireFloats } from './linalg-util.js';
import { reshape } from './reshape.js';

/**
 * x·Wᵀ + b with PyTorch's layout: x [..., in], weight [out, in], bias [out] → [..., out].
 * Leading dims of x are folded into one matrix, so it is one GEMM forward and two backward.
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  const op = 'linear';
  requireFloats(op, x, weight, bias);
  if (weight.rank !== 2) throw new ShapeError(`${op}: weight must be [out, in], got ${fmtShape(weight.shape)}`);
  const [outF, inF] = weight.shape as [number, number];
  if (x.rank < 1 || x.shape[x.rank - 1] !== inF)
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} must end with ${inF} features to match weight ${fmtShape(weight.shape)}`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outF)) throw new ShapeError(`${op}: bias must be [${outF}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`);
  const temps = new Temps();
  const lead = x.shape.slice(0, -1);
  const x2 = x.rank === 2 ? x : temps.add(reshape(x, [sizeOf(lead), inF]));
  let y = batchMatmul(x2, weight, false, true);
  if (bias) y = add(temps.add(y), bias);
  if (x.rank !== 2) y = reshape(temps.add(y), [...lead, outF]);
  return temps.finish(y);
}
