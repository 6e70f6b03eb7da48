import { ShapeError, fmtShape } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { add } from '../ops/add.js';
import { clamp } from '../ops/clamp.js';
import { div } from '../ops/div.js';
import { Temps } from '../ops/linalg-util.js';
import { log } from '../ops/log.js';
import { compute } from '../ops/math-util.js';
import { maximum } from '../ops/maximum.js';
import { mul } from '../ops/mul.js';
import { neg } from '../ops/neg.js';
import { sub } from '../ops/sub.js';
import type { Tensor } from '../tensor.js';
import { checkPair, checkReduction, reduceLoss } from './reduction.js';
import type { LossOptions } from './reduction.js';

export interface BceOptions extends LossOptions {
  /** Rescales each element's loss; broadcast against the input. */
  weight?: Tensor | null;
}

/** PyTorch's BCE range check: probabilities in [0, 1], on backends that read synchronously. */
function checkProbabilities(op: string, input: Tensor): void {
  if (!input.storage.backend.readSync) return;
  const values = input.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) throw new RangeError(`${op}: input must be probabilities in [0, 1], got ${v} at element ${i} (use binaryCrossEntropyWithLogits on raw scores)`);
  }
}

/** Checks that `t` (a weight) broadcasts to `shape` without changing it. */
export function checkBroadcastsTo(op: string, name: string, t: Tensor, shape: readonly number[]): void {
  if (t.rank > shape.length || t.shape.some((d, i) => d !== 1 && d !== shape[shape.length - t.rank + i]))
    throw new ShapeError(`${op}: ${name} ${fmtShape(t.shape)} does not broadcast to the input's shape ${fmtShape(shape)}`);
}

/** Multiplies per-element losses by `weight` (broadcast), checking it fits. */
export function applyWeight(op: string, losses: Tensor, weight: Tensor | null | undefined, temps: Temps): Tensor {
  if (!weight) return losses;
  checkBroadcastsTo(op, 'weight', weight, losses.shape);
  return mul(temps.add(losses), weight);
}

/**
 * Binary cross-entropy −w·(y·log x + (1 − y)·log(1 − x)) from probabilities x, as
 * `F.binary_cross_entropy`: each log is clamped to ≥ −100, so x = 0 or 1 gives a finite loss,
 * and the gradient is PyTorch's w·(x − y)/max(x·(1 − x), 1e-12) (finite at 0 and 1, too).
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BceOptions = {}): Tensor {
  const op = 'binaryCrossEntropy';
  checkPair(op, input, target);
  const reduction = options.reduction ?? 'mean';
  checkReduction(op, reduction);
  if (options.weight) checkBroadcastsTo(op, 'weight', options.weight, input.shape);
  checkProbabilities(op, input);
  const clampedLog = (t: Tensor): Tensor => clamp(log(t), -100);
  const losses = compute(() => neg(add(mul(target, clampedLog(input)), mul(sub(1, target), clampedLog(sub(1, input))))));
  // Gradients written with ops (not saved intermediates), so they can be differentiated again.
  let y = record(op, [input, target], losses, (dy, needs) => [
    needs[0] ? div(mul(dy, sub(input, target)), maximum(mul(input, sub(1, input)), 1e-12)) : null,
    needs[1] ? mul(dy, sub(clampedLog(sub(1, input)), clampedLog(input))) : null,
  ]);
  const temps = new Temps();
  y = applyWeight(op, y, options.weight, temps);
  if (reduction === 'none') return temps.finish(y);
  return temps.finish(reduceLoss(op, temps.add(y), reduction));
}
