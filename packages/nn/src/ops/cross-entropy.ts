import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { classRows } from './class-scores.js';
import { div } from './div.js';
import { logSoftmax } from './log-softmax.js';
import { add } from './add.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { nllLoss } from './nll-loss.js';
import type { NllLossOptions } from './nll-loss.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';
import { requireFloat } from './util.js';

/**
 * Cross-entropy from raw logits [N, C, …] (softmax taken stably inside), as PyTorch's
 * `cross_entropy`. The target is int32 class indices [N, …] (with `weight`, `ignoreIndex`,
 * `labelSmoothing`), or float class probabilities of the input's shape.
 */
export function crossEntropy(logits: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const op = 'crossEntropy';
  requireFloat(op, logits);
  const logProbs = logSoftmax(logits, logits.rank >= 2 ? 1 : 0);
  if (target.dtype === 'int32') return nllLoss(logProbs, target, options);
  if (target.rank !== logits.rank || target.shape.some((d, i) => d !== logits.shape[i]))
    throw new ShapeError(`${op}: probability target must have the input's shape ${fmtShape(logits.shape)}, got ${fmtShape(target.shape)}`);
  const { rows } = classRows(op, logProbs, null);
  const { rows: probs, rowShape } = classRows(op, target.cast(logits.dtype), null);
  const c = rows.shape[1]!;
  const eps = options.labelSmoothing ?? 0;
  const q = eps > 0 ? add(mul(probs, 1 - eps), eps / c) : probs;
  const weighted = options.weight ? mul(q, options.weight) : q;
  const perRow = neg(sum(mul(weighted, rows), 1));
  const reduction = options.reduction ?? 'mean';
  if (reduction === 'none') return reshape(perRow, rowShape);
  const total = sum(perRow);
  // As PyTorch, probability targets average over rows, whatever the weights.
  return reduction === 'sum' ? total : div(total, perRow.shape[0]!);
}
