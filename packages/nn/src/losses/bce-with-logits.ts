import { record } from '../autograd/record.js';
import { abs } from '../ops/abs.js';
import { add } from '../ops/add.js';
import { sumToShape } from '../ops/binary.js';
import { exp } from '../ops/exp.js';
import { Temps } from '../ops/linalg-util.js';
import { log1p } from '../ops/log1p.js';
import { compute, recording } from '../ops/math-util.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { relu } from '../ops/relu.js';
import { sigmoid } from '../ops/sigmoid.js';
import { sub } from '../ops/sub.js';
import type { Tensor } from '../tensor.js';
import { applyWeight, checkBroadcastsTo } from './binary-cross-entropy.js';
import type { BceOptions } from './binary-cross-entropy.js';
import { checkPair, checkReduction, reduceLoss } from './reduction.js';

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
  // softplus(−x), stably; lw·softplus(−x) is the positive part of the loss.
  const spNeg = compute(() => add(log1p(exp(neg(abs(input)))), relu(neg(input))));
  const lw = pw ? compute(() => add(mul(sub(pw, 1), target), 1)) : null;
  const losses = compute(() => add(mul(sub(1, target), input), lw ? mul(lw, spNeg) : spNeg));
  const inputs = pw ? [input, target, pw] : [input, target];
  let y: Tensor;
  if (!recording(inputs)) {
    spNeg.dispose();
    lw?.dispose();
    y = losses;
  } else {
    y = record(op, inputs, losses, (dy, needs) => [
      // d/dx = (1 − y) − lw·σ(−x)
      needs[0] ? mul(dy, sub(sub(1, target), lw ? mul(lw, sigmoid(neg(input))) : sigmoid(neg(input)))) : null,
      // d/dy = −x + (posWeight − 1)·softplus(−x)
      needs[1] ? mul(dy, pw ? sub(mul(sub(pw, 1), spNeg), input) : neg(input)) : null,
      // d/dposWeight = y·softplus(−x), summed over broadcast dims
      needs[2] && pw ? sumToShape(mul(dy, mul(target, spNeg)), pw.shape) : null,
    ]);
  }
  const temps = new Temps();
  y = applyWeight(op, y, options.weight, temps);
  if (reduction === 'none') return temps.finish(y);
  return temps.finish(reduceLoss(op, temps.add(y), reduction));
}
