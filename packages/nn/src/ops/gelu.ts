import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { add } from './add.js';
import { erf } from './erf.js';
import { exp } from './exp.js';
import { compute, unaryKernel } from './math-util.js';
import { mul } from './mul.js';
import { square } from './square.js';
import { sub } from './sub.js';
import { tanh } from './tanh.js';
import { requireFloat } from './util.js';

const K = Math.sqrt(2 / Math.PI);
const C = 0.044715;

/** tanh(√(2/π)·(x + 0.044715·x³)), the inner term of the tanh approximation. */
function tanhTerm(x: Tensor): Tensor {
  return tanh(mul(add(x, mul(mul(x, square(x)), C)), K));
}

/**
 * Gaussian error linear unit x·Φ(x): exact (with erf) by default, or PyTorch's tanh
 * approximation 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) with `approximate: 'tanh'`.
 */
export function gelu(x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor {
  if (approximate === 'none') {
    // d/dx x·Φ(x) = Φ(x) + x·φ(x)
    return unaryKernel('gelu', 'gelu', x, (dy, x) => {
      const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
      const pdf = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
      return mul(dy, add(cdf, mul(x, pdf)));
    });
  }
  if (approximate !== 'tanh') throw new TypeError(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  requireFloat('gelu', x);
  const y = compute(() => mul(mul(x, add(tanhTerm(x), 1)), 0.5));
  return record('gelu', [x], y, (dy) => {
    // d/dx = 0.5·(1 + t) + 0.5·x·(1 − t²)·k·(1 + 3c·x²), t = tanh(k·(x + c·x³))
    const t = tanhTerm(x);
    const inner = mul(add(mul(square(x), 3 * C), 1), K);
    const d = add(mul(add(t, 1), 0.5), mul(mul(mul(x, sub(1, square(t))), inner), 0.5));
    return [mul(dy, d)];
  });
}
