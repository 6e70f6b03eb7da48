import { runKernel } from '../engine.js';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { compute } from './math-util.js';
import { mul } from './mul.js';
import { sigmoid } from './sigmoid.js';
import { softplus } from './softplus.js';
import { square } from './square.js';
import { sub } from './sub.js';
import { tanh } from './tanh.js';
import { requireFloat } from './util.js';

/** x·tanh(softplus(x)). */
export function mish(x: Tensor): Tensor {
  requireFloat('mish', x);
  const y = compute(() => mul(x, tanh(runKernel('unary', { x }, { op: 'softplus' }))));
  return record('mish', [x], y, (dy) => {
    // d/dx = t + x·sigmoid(x)·(1 − t²), t = tanh(softplus(x)) (as PyTorch)
    const t = tanh(softplus(x));
    return [mul(dy, add(t, mul(mul(x, sigmoid(x)), sub(1, square(t)))))];
  });
}
