import { abs } from '../ops/abs.js';
import { Temps } from '../ops/linalg-util.js';
import { square } from '../ops/square.js';
import { sub } from '../ops/sub.js';
import type { Tensor } from '../tensor.js';
import { checkPair, checkReduction, reduceLoss } from './reduction.js';
import type { LossOptions } from './reduction.js';

/** A loss f(input − target) per element, reduced; intermediates freed when nothing records them. */
function ofDifference(op: string, input: Tensor, target: Tensor, options: LossOptions, f: (d: Tensor) => Tensor): Tensor {
  checkPair(op, input, target);
  const reduction = options.reduction ?? 'mean';
  checkReduction(op, reduction);
  const temps = new Temps();
  const losses = f(temps.add(sub(input, target)));
  if (reduction === 'none') return temps.finish(losses);
  return temps.finish(reduceLoss(op, temps.add(losses), reduction));
}

/** Mean squared error (x − y)², reduced, as `F.mse_loss`; the target has the input's shape. */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  return ofDifference('mseLoss', input, target, options, square);
}

/** Mean absolute error |x − y|, reduced, as `F.l1_loss` (gradient sign(x − y), 0 where equal). */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  return ofDifference('l1Loss', input, target, options, abs);
}
