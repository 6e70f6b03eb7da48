import { runKernel } from '../engine.js';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { gt } from './gt.js';
import { compute } from './math-util.js';
import { mul } from './mul.js';
import { sigmoid } from './sigmoid.js';
import { requireFloat } from './util.js';
import { where } from './where.js';

/** log(1 + e^(beta·x)) / beta, and x itself where beta·x > threshold (as PyTorch). */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  requireFloat('softplus', x);
  const y = compute(() => {
    const bx = beta === 1 ? x : mul(x, beta);
    const sp = runKernel('unary', { x: bx }, { op: 'softplus' });
    return where(gt(bx, threshold), x, beta === 1 ? sp : div(sp, beta));
  });
  // d/dx = sigmoid(beta·x) below the threshold, 1 above it.
  return record('softplus', [x], y, (dy) => {
    const bx = mul(x, beta);
    return [where(gt(bx, threshold), dy, mul(dy, sigmoid(bx)))];
  });
}
