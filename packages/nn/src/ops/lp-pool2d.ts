import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { avgPool2d } from './avg-pool2d.js';
import { pairOf } from './conv-args.js';
import type { IntPair } from './conv-args.js';
import { Temps, requireFloats } from './linalg-util.js';
import { mul } from './mul.js';
import { planPool2d } from './pool-args.js';
import { pow } from './pow.js';

export interface LpPool2dOptions {
  /** Defaults to the kernel size. */
  stride?: IntPair | null;
  ceilMode?: boolean;
}

/** Checks an Lp-pool norm: a finite positive number. */
export function checkNormType(op: string, normType: number): void {
  if (!(Number.isFinite(normType) && normType > 0)) throw new RangeError(`${op}: normType must be a finite positive number, got ${normType}`);
}

/**
 * Power-average pooling, as `torch.nn.functional.lp_pool2d`: (Σ_window x^p)^(1/p), computed as
 * PyTorch does, (avgPool2d(x^p)·KH·KW)^(1/p), so ceilMode windows match it too. p = 2 is L2 pooling.
 */
export function lpPool2d(x: Tensor, normType: number, kernelSize: IntPair, options: LpPool2dOptions = {}): Tensor {
  const op = 'lpPool2d';
  requireFloats(op, x);
  checkNormType(op, normType);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`${op}: input must be [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
  const [kh, kw] = pairOf(op, 'kernelSize', kernelSize, 1);
  planPool2d(op, x.shape, [x.shape[x.rank - 2]!, x.shape[x.rank - 1]!], [kh, kw], options.stride, 0, 1, options.ceilMode ?? false); // validates
  const temps = new Temps();
  const powered = temps.add(pow(x, normType));
  const means = temps.add(avgPool2d(powered, [kh, kw], { stride: options.stride, ceilMode: options.ceilMode }));
  const sums = temps.add(mul(means, kh * kw));
  return temps.finish(pow(sums, 1 / normType));
}
