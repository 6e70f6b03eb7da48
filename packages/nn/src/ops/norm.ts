import { ShapeError } from '@pistil/backend';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { abs } from './abs.js';
import { div } from './div.js';
import { eq } from './eq.js';
import { isNaN } from './is-nan.js';
import { logicalOr } from './logical-or.js';
import { compute, expandGrad } from './math-util.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { reduceArgs } from './reduce.js';
import { reshape } from './reshape.js';
import { sign } from './sign.js';
import { sqrt } from './sqrt.js';
import { square } from './square.js';
import { sum } from './sum.js';
import { requireFloat } from './util.js';
import { where } from './where.js';

/**
 * Vector p-norm over `axis` (all when omitted): p = 1 (Σ|x|), 2 (√Σx², default) or Infinity
 * (max |x|), as `torch.linalg.vector_norm`. Gradients as PyTorch: 0 at a zero 2-norm; for
 * Infinity, tied maxima share the gradient.
 */
export function norm(x: Tensor, p = 2, axis?: number | readonly number[], keepdim = false): Tensor {
  if (p !== 1 && p !== 2 && p !== Infinity) throw new RangeError(`norm: p must be 1, 2 or Infinity, got ${String(p)}`);
  requireFloat('norm', x);
  const args = reduceArgs('norm', x, axis, keepdim);
  const { axes, keptShape } = args;
  if (p === Infinity && axes.some((a) => x.shape[a] === 0))
    throw new ShapeError(`norm: the Infinity norm over an empty axis of ${x.describe()} has no identity`);
  const y = compute(() => (p === 1 ? sum(abs(x), axes, keepdim) : p === 2 ? sqrt(sum(square(x), axes, keepdim)) : max(abs(x), axes, keepdim)));
  return record('norm', [x], y, (dy) => {
    const dyFull = expandGrad(dy, keptShape, x.shape);
    if (p === 1) return [mul(dyFull, sign(x))];
    const yk = reshape(y, keptShape);
    if (p === 2) return [div(mul(dyFull, x), where(eq(yk, 0), 1, yk))]; // x is 0 wherever the norm is
    const hit = logicalOr(eq(abs(x), yk), isNaN(x));
    return [mul(sign(x), div(where(hit, dyFull, 0), sum(hit, axes, true)))];
  });
}
