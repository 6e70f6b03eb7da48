import { ShapeError, fmtShape, sizeOf } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { linearAct, type FusedActivation } from './fused.js';
import { Temps, requireFloats } from './linalg-util.js';
import { reshape } from './reshape.js';

/**
 * x·Wᵀ + b with PyTorch's layout: x [..., in], weight [out, in], bias [out] → [..., out].
 * Leading dims of x are folded into one matrix, so it is one GEMM forward and two backward; with
 * the bias, one fused kernel where the backend has one (ops/fused.ts).
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return linearActivated(x, weight, bias ?? null, 'none');
}

/** @internal `linear` followed by `activation` (Sequential fuses Linear → ReLU into this). */
export function linearActivated(x: Tensor, weight: Tensor, bias: Tensor | null, activation: FusedActivation): Tensor {
  const op = 'linear';
  requireFloats(op, x, weight, bias);
  if (weight.rank !== 2) throw new ShapeError(`${op}: weight must be [out, in], got ${fmtShape(weight.shape)}`);
  const [outF, inF] = weight.shape as [number, number];
  if (x.rank < 1 || x.shape[x.rank - 1] !== inF)
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} must end with ${inF} features to match weight ${fmtShape(weight.shape)}`);
  if (bias && (bias.rank !== 1 || bias.shape[0] !== outF)) throw new ShapeError(`${op}: bias must be [${outF}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(bias.shape)}`);
  if (x.rank === 2) return linearAct(x, weight, bias, activation);
  const temps = new Temps();
  const lead = x.shape.slice(0, -1);
  const x2 = temps.add(reshape(x, [sizeOf(lead), inF]));
  const y = temps.add(linearAct(x2, weight, bias, activation));
  return temps.finish(reshape(y, [...lead, outF]));
}
