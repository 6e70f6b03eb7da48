import { zeros } from '../creation.js';
import { abs } from '../ops/abs.js';
import { add } from '../ops/add.js';
import { Temps } from '../ops/linalg-util.js';
import { square } from '../ops/square.js';
import { sum } from '../ops/sum.js';
import { requireFloat } from '../ops/util.js';
import type { Tensor } from '../tensor.js';

function penalty(op: string, params: Iterable<Tensor>, f: (p: Tensor) => Tensor): Tensor {
  const list = [...params];
  if (list.length === 0) return zeros([]);
  const temps = new Temps();
  let total: Tensor | null = null;
  for (const p of list) {
    requireFloat(op, p);
    const term = sum(temps.add(f(p)));
    total = total === null ? term : add(temps.add(total), temps.add(term));
  }
  return temps.finish(total!);
}

/** Σ|p| over every element of every tensor: an L1 (lasso) penalty to add to a loss, times your λ. */
export function l1Penalty(params: Iterable<Tensor>): Tensor {
  return penalty('l1Penalty', params, abs);
}

/**
 * Σp² over every element of every tensor: an L2 penalty to add to a loss, times your λ (no ½;
 * SGD's weightDecay = λ adds λ·p to the gradient, which is the penalty ½·λ·Σp²).
 */
export function l2Penalty(params: Iterable<Tensor>): Tensor {
  return penalty('l2Penalty', params, square);
}
