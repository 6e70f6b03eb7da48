/** Helpers to gradcheck an op's backward itself (double backward). */
import { enableGrad, gradients, mul, sum } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** x ↦ d/dx Σ f(x)², recorded (createGraph), so gradcheck differentiates f's backward. */
export function gradOfSquares(f: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  return (x) => enableGrad(() => {
    const leaf = x.requiresGrad ? x : x.detach().requiresGrad_();
    const y = f(leaf);
    return gradients(sum(mul(y, y)), [leaf], { createGraph: true })[0]!;
  });
}
