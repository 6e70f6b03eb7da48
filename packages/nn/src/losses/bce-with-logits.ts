import { record } from '../autograd/record.js';
import { abs } from '../ops/abs.js';
import { add } from '../ops/add.js';
import { sumToShape } from '../ops/binary.js';
import { exp } from '../ops/exp.js';
import { Temps } from '../ops/linalg-util.js';
import { log1p } from '../ops/log1p.js';
import { compute } from '../ops/math-util.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { relu } from '../ops/relu.js';
import { sigmoid } from '../ops/sigmoid.js';
import { sub } from '../ops/sub.js';
import type { Tensor } from '../tensor.js';
import { applyWeight, checkBroadcastsTo } from './binary-cross-entropy.js';
import type { BceOptions } from './binary-cross-entropy.js';
import { checkPair, checkReduction, reduceLoss } from './reduction.js';

/** softplus(−x) = log(1 + e^(−x)), stably: log(1 + e^(−|x|)) + max(−x, 0). */
function softplusNeg(x: Tensor): Tensor {
  return add(log1p(exp(neg(abs(x)))), relu(neg(x)));
}

/** lw = 1 + (posWeight − 1)·y, the weight of the positive part. */
function logWeight(posWeight: Tensor, target: Tensor): Tensor {
  return add(mul(sub(posWeight, 1), target), 1);
}

export interface BceWithLogitsOptions extends BceOptions {
  /** Weight of positive examples, per class (broadcast against the input): > 1 raises recall. */
  posWeight?: Tensor | null;
}

/**
 * Binary cross-entropy from raw scores x (sigmoid taken inside), as
 * `F.binary_cross_entropy_with_logits`, in PyTorch's stable form
 * (1 − y)·x + lw·(log(1 + e^(−|x|)) + max(−x, 0)), lw = 1 + (posWeight − 1)·y. Exact gradients
 * (σ(x) − y without posWeight), also at x = 0, for input, target and posWeight.
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BceWithLogitsOptions = {}): Tensor {
  const op = 'binaryCrossEntropyWithLogits';
  checkPair(op, input, target);
  const reduction = options.reduction ?? 'mean';
  checkReduction(op, reduction);
  const pw = options.posWeight ?? null;
  if (pw) checkBroadcastsTo(op, 'posWeight', pw, input.shape);
  if (options.weight) checkBroadcastsTo(op, 'weight', options.weight, input.shape);
  const losses = compute(() => {
    const sp = softplusNeg(input);
    return add(mul(sub(1, target), input), pw ? mul(logWeight(pw, target), sp) : sp);
  });
  // Gradients written with ops (not saved intermediates), so they can be differentiated again.
  let y = record(op, pw ? [input, target, pw] : [input, target], losses, (dy, needs) => [
    // d/dx = (1 − y) − lw·σ(−x)
    needs[0] ? mul(dy, sub(sub(1, target), pw ? mul(logWeight(pw, target), sigmoid(neg(input))) : sigmoid(neg(input)))) : null,
    // d/dy = −x + (posWeight − 1)·softplus(−x)
    needs[1] ? mul(dy, pw ? sub(mul(sub(pw, 1), softplusNeg(input)), input) : neg(input)) : null,
    // d/dposWeight = y·softplus(−x), summed over broadcast dims
    needs[2] && pw ? sumToShape(mul(dy, mul(target, softplusNeg(input))), pw.shape) : null,
  ]);
  const temps = new Temps();
  y = applyWeight(op, y, options.weight, temps);
  if (reduction === 'none') return temps.finish(y);
  return temps.finish(reduceLoss(op, temps.add(y), reduction));
}
