import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';

/** Nonlinearities of `calculateGain`, PyTorch's names camelCased. */
export type Nonlinearity =
  | 'linear' | 'identity' | 'conv1d' | 'conv2d' | 'conv3d' | 'convTranspose1d' | 'convTranspose2d' | 'convTranspose3d'
  | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

const UNIT = ['linear', 'identity', 'conv1d', 'conv2d', 'conv3d', 'convTranspose1d', 'convTranspose2d', 'convTranspose3d', 'sigmoid'];

/**
 * The recommended gain for a nonlinearity, as `torch.nn.init.calculate_gain`: 1 for linear, conv
 * and sigmoid, 5/3 for tanh, √2 for relu, √(2/(1 + slope²)) for leakyRelu (`param` = negative
 * slope, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  if (UNIT.includes(nonlinearity)) return 1;
  switch (nonlinearity) {
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu': {
      const slope = param ?? 0.01;
      if (!Number.isFinite(slope)) throw new TypeError(`calculateGain: negative slope must be a finite number, got ${slope}`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case 'selu':
      return 3 / 4;
    default:
      throw new TypeError(`calculateGain: unsupported nonlinearity '${String(nonlinearity)}'; expected one of ${[...UNIT, 'tanh', 'relu', 'leakyRelu', 'selu'].join(', ')}`);
  }
}

/**
 * PyTorch's fan-in and fan-out of a weight [out, in, k…]: in·∏k and out·∏k. Needs 2+ dims.
 * (For ConvTranspose weights [in, out/groups, k…] this is PyTorch's convention too.)
 */
export function fans(op: string, t: Tensor): { fanIn: number; fanOut: number } {
  if (t.rank < 2) throw new ShapeError(`${op}: fan in and fan out need a tensor of 2 or more dims, got ${fmtShape(t.shape)}`);
  const receptive = t.shape.slice(2).reduce((p, q) => p * q, 1);
  return { fanIn: t.shape[1]! * receptive, fanOut: t.shape[0]! * receptive };
}
