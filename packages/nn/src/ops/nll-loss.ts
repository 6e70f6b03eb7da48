import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { classRows } from './class-scores.js';
import { div } from './div.js';
import { matmul } from './matmul.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { oneHot } from './one-hot.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';
import { requireDType, requireFloat } from './util.js';
import { add } from './add.js';

export type Reduction = 'mean' | 'sum' | 'none';

export interface NllLossOptions {
  /** Per-class weights [C]. */
  weight?: Tensor;
  reduction?: Reduction;
  /** Targets equal to this class contribute nothing, to the loss or to the mean's divisor. */
  ignoreIndex?: number;
  /** Mixes the one-hot target with the uniform distribution: (1 − ε)·onehot + ε/C. */
  labelSmoothing?: number;
}

/**
 * Negative log-likelihood from log-probabilities [N, C, …] and int32 class targets [N, …], as
 * PyTorch's `nll_loss`: loss_i = −Σ_c q_ic·w_c·logp_ic; 'mean' divides by Σ_i w_{y_i} over
 * targets that are not ignored.
 */
export function nllLoss(logProbs: Tensor, target: Tensor, options: NllLossOptions = {}): Tensor {
  const op = 'nllLoss';
  requireFloat(op, logProbs);
  requireDType(op, target, ['int32']);
  const { rows, rowShape } = classRows(op, logProbs, target);
  const c = rows.shape[1]!;
  const eps = options.labelSmoothing ?? 0;
  if (!(eps >= 0 && eps <= 1)) throw new RangeError(`${op}: labelSmoothing must be in [0, 1], got ${eps}`);
  if (options.weight && (options.weight.rank !== 1 || options.weight.shape[0] !== c))
    throw new ShapeError(`${op}: weight must have shape [${c}], got ${fmtShape(options.weight.shape)}`);
  const flatTarget = reshape(target, [-1]);
  const ignore = options.ignoreIndex ?? -100;
  checkTargets(flatTarget, c, ignore);
  // An ignored target (e.g. −100) one-hots to a zero row, so it drops out of every sum.
  const hot = oneHot(flatTarget, c).cast(logProbs.dtype);
  const valid = sum(hot, 1); // 1 where the target is a real class (and not ignoreIndex), else 0
  const ignoresClass = ignore >= 0 && ignore < c;
  const keptRow = ignoresClass ? mul(valid, notClass(flatTarget, ignore, logProbs.dtype)) : valid;
  const keptHot = ignoresClass ? mul(hot, reshape(keptRow, [-1, 1])) : hot;
  // q = (1 − ε)·onehot + ε/C on kept rows.
  const q = eps > 0 ? add(mul(keptHot, 1 - eps), mul(reshape(keptRow, [-1, 1]), eps / c)) : keptHot;
  const weighted = options.weight ? mul(q, options.weight) : q;
  const perRow = neg(sum(mul(weighted, rows), 1));
  const reduction = options.reduction ?? 'mean';
  if (reduction === 'none') return reshape(perRow, rowShape);
  const total = sum(perRow);
  if (reduction === 'sum') return total;
  const divisor = options.weight ? sum(matmul(keptHot, reshape(options.weight, [c, 1]))) : sum(keptRow);
  return div(total, divisor);
}

/**
 * Class indices outside [0, C) (other than ignoreIndex) are an error, as in PyTorch. Checked on the
 * host where the backend reads synchronously; asynchronous backends skip the check (such a target
 * then contributes nothing).
 */
function checkTargets(target: Tensor, c: number, ignore: number): void {
  if (!target.storage.backend.readSync) return;
  const values = target.dataSync();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if ((v < 0 || v >= c) && v !== ignore) throw new ShapeError(`nllLoss: target ${v} at position ${i} is not a class index in [0, ${c}) nor ignoreIndex ${ignore}`);
  }
}

function notClass(target: Tensor, cls: number, dtype: Tensor['dtype']): Tensor {
  return target.ne(cls).cast(dtype);
}
