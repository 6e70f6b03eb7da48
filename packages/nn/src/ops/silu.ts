import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { compute } from './math-util.js';
import { mul } from './mul.js';
import { sigmoid } from './sigmoid.js';
import { sub } from './sub.js';
import { requireFloat } from './util.js';

/** x·sigmoid(x) (swish). */
export function silu(x: Tensor): Tensor {
  requireFloat('silu', x);
  const y = compute(() => mul(x, sigmoid(x)));
  return record('silu', [x], y, (dy) => {
    // d/dx = s·(1 + x·(1 − s)), s = sigmoid(x)
    const s = sigmoid(x);
    return [mul(dy, mul(s, add(mul(x, sub(1, s)), 1)))];
  });
}
