import { div } from '../ops/div.js';
import { eq } from '../ops/eq.js';
import { exp } from '../ops/exp.js';
import { Temps } from '../ops/linalg-util.js';
import { log } from '../ops/log.js';
import { mean } from '../ops/mean.js';
import { mul } from '../ops/mul.js';
import { sub } from '../ops/sub.js';
import { sum } from '../ops/sum.js';
import { where } from '../ops/where.js';
import type { Tensor } from '../tensor.js';
import { checkPair, checkReduction } from './reduction.js';

export interface KlDivOptions {
  /**
   * 'mean' (PyTorch's default: over every element, which is not the KL divergence), 'batchmean'
   * (sum / batch size: the true KL per sample), 'sum' or 'none'.
   */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target is given as log-probabilities too (default false: probabilities). */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence KL(target ‖ input) with `input` as log-probabilities, as
 * `F.kl_div`: per element t·(log t − x) (0 where t = 0), or e^t·(t − x) with `logTarget`.
 */
export function klDiv(input: Tensor, target: Tensor, options: KlDivOptions = {}): Tensor {
  const op = 'klDiv';
  checkPair(op, input, target);
  const reduction = options.reduction ?? 'mean';
  checkReduction(op, reduction, ['mean', 'batchmean', 'sum', 'none']);
  const temps = new Temps();
  const t = (x: Tensor): Tensor => temps.add(x);
  let losses: Tensor;
  if (options.logTarget) {
    losses = mul(t(exp(target)), t(sub(target, input)));
  } else {
    // t·log t with 0·log 0 = 0 (xlogy); a negative target still gives NaN, as PyTorch.
    const safeLog = t(log(t(where(t(eq(target, 0)), 1, target))));
    losses = sub(t(mul(target, safeLog)), t(mul(target, input)));
  }
  if (reduction === 'none') return temps.finish(losses);
  t(losses);
  if (reduction === 'sum') return temps.finish(sum(losses));
  if (reduction === 'mean') return temps.finish(mean(losses));
  return temps.finish(div(t(sum(losses)), input.rank === 0 ? 1 : input.shape[0]!));
}
