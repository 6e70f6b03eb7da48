import { tidy } from './engine.js';
import { GradError } from './errors.js';
import { gradients } from './autograd/backward.js';
import { noGrad } from './autograd/grad-mode.js';
import { tensor, randn } from './creation.js';
import { Generator } from './random.js';
import { Tensor } from './tensor.js';
import { isFloat } from './ops/util.js';
import { mul } from './ops/mul.js';
import { sum } from './ops/sum.js';

export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6, in float64). */
  eps?: number;
  atol?: number;
  rtol?: number;
  /** Seed of the random output cotangent. */
  seed?: number;
}

export interface GradcheckResult {
  maxAbsError: number;
  checkedElements: number;
}

/**
 * Checks an op's analytic gradient against central finite differences, in float64 as PyTorch's
 * `gradcheck`. Float inputs are promoted to float64 leaves; the scalar checked is
 * sum(f(x) · v) for a random v, so every output element takes part. Throws `GradError` with the
 * input, element and both values on the first mismatch.
 */
export function gradcheck(f: (...xs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  return tidy(() => {
    const xs = inputs.map((x) => (isFloat(x) ? x.double().detach().requiresGrad_(true) : x));
    const out = f(...xs);
    if (out.dtype !== 'float64') throw new GradError(`gradcheck: f must return float64 for float64 inputs, got ${out.describe()}`);
    const v = randn(out.shape, { dtype: 'float64', device: out.device, generator: new Generator(options.seed ?? 1) });
    const objective = (o: Tensor): number => sum(mul(o, v)).item();
    const wrt = xs.filter((x) => x.requiresGrad);
    const analytic = gradients(sum(mul(out, v)), wrt).map((g) => g.dataSync());
    let maxAbsError = 0;
    let checkedElements = 0;
    wrt.forEach((x, k) => {
      const base = x.dataSync() as Float64Array;
      for (let i = 0; i < base.length; i++) {
        const at = (delta: number): number => noGrad(() => tidy(() => {
          const moved = base.slice();
          moved[i]! += delta;
          const args = xs.map((y) => (y === x ? tensor(moved, { shape: x.shape, device: x.device }) : y));
          return objective(f(...args));
        }));
        const numeric = (at(eps) - at(-eps)) / (2 * eps);
        const got = analytic[k]![i]!;
        const err = Math.abs(got - numeric);
        maxAbsError = Math.max(maxAbsError, err);
        checkedElements++;
        if (!(err <= atol + rtol * Math.abs(numeric)))
          throw new GradError(`gradcheck: input ${inputs.indexOf(inputs[xs.indexOf(x)]!)} element ${i}: analytic ${got}, numeric ${numeric} (|diff| ${err.toExponential(2)})`);
      }
    });
    return { maxAbsError, checkedElements };
  });
}
