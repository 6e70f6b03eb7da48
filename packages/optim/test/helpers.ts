import { expect } from 'vitest';
import { keep, tensor } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { Optimizer } from '../src/index.js';

/** The small quadratic every optimizer test descends: f(θ) = ½ Σ aᵢ(θᵢ − cᵢ)², ∇f = a ⊙ (θ − c). */
export const A = [1, 3, 0.5, 2];
export const C = [0.5, -1, 2, 0.25];
export const THETA0 = [1.5, 2, -1, 0.75];

export function quadraticGrad(theta: ArrayLike<number>): number[] {
  return Array.from(theta, (t, i) => A[i]! * (t - C[i]!));
}

/** A fresh parameter holding `values` (float64 by default, so a float64 reference can be exact). */
export function param(values: readonly number[], dtype: 'float32' | 'float64' = 'float64'): Tensor {
  return keep(tensor([...values], { dtype, requiresGrad: true }));
}

/** Sets `p.grad` by hand (as backward would: a kept tensor), to the quadratic's gradient at p. */
export function setQuadraticGrad(p: Tensor): void {
  p.grad?.dispose();
  p.grad = keep(tensor(quadraticGrad(p.dataSync()), { dtype: p.dtype }));
}

/** Runs `steps` optimizer steps on the quadratic; returns the parameter values after each. */
export function descend(opt: Optimizer, p: Tensor, steps: number): number[][] {
  const history: number[][] = [];
  for (let s = 0; s < steps; s++) {
    setQuadraticGrad(p);
    opt.step();
    history.push(Array.from(p.dataSync()));
  }
  return history;
}

/** Runs a plain-JS reference update `steps` times from THETA0 on the same quadratic. */
export function descendReference(update: (theta: number[], grad: number[], t: number) => number[], steps: number, start = THETA0): number[][] {
  const history: number[][] = [];
  let theta = [...start];
  for (let t = 1; t <= steps; t++) {
    theta = update(theta, quadraticGrad(theta), t);
    history.push(theta);
  }
  return history;
}

/** Every value within `rel` relative error (plus a tiny absolute floor for values near 0). */
export function expectAllClose(got: readonly (readonly number[])[], want: readonly (readonly number[])[], rel = 1e-6): void {
  expect(got.length).toBe(want.length);
  got.forEach((row, s) =>
    row.forEach((g, i) => {
      const w = want[s]![i]!;
      expect(Math.abs(g - w), `step ${s + 1}, element ${i}: got ${g}, want ${w}`).toBeLessThanOrEqual(rel * Math.abs(w) + 1e-12);
    }),
  );
}
