import { GradError, keep, memory, tensor } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { clipGradNorm_ } from '../src/index.js';

/** A parameter whose `.grad` is set by hand (kept, as backward leaves it). */
function withGrad(grad: number[]): Tensor {
  const p = tensor(grad.map(() => 0)).requiresGrad_();
  p.grad = keep(tensor(grad));
  return p;
}

const values = (ps: Tensor[]) => ps.map((p) => Array.from(p.grad!.dataSync()));

describe('clipGradNorm_', () => {
  it('scales all gradients by maxNorm / total 2-norm when above it (float64 reference)', () => {
    const ps = [withGrad([3, 4]), withGrad([12]), withGrad([0, 0, 0])];
    const total = Math.sqrt(3 * 3 + 4 * 4 + 12 * 12); // 13
    expect(clipGradNorm_(ps, 6.5)).toBeCloseTo(total, 5);
    const coef = 6.5 / (total + 1e-6);
    const want = [[3 * coef, 4 * coef], [12 * coef], [0, 0, 0]];
    values(ps).forEach((g, i) => g.forEach((v, j) => expect(v).toBeCloseTo(want[i]![j]!, 5)));
  });

  it('leaves gradients alone when the norm is within maxNorm, and skips params without grad', () => {
    const noGradParam = tensor([1, 2]).requiresGrad_();
    const ps = [withGrad([0.3, -0.4]), noGradParam];
    expect(clipGradNorm_(ps, 1)).toBeCloseTo(0.5, 6);
    expect(values([ps[0]!])).toEqual([[Math.fround(0.3), Math.fround(-0.4)]]);
    expect(noGradParam.grad).toBeNull();
    expect(clipGradNorm_([noGradParam], 1)).toBe(0);
  });

  it('supports the 1-norm and the infinity norm', () => {
    const a = [withGrad([1, -2]), withGrad([3])];
    expect(clipGradNorm_(a, 3, { normType: 1 })).toBeCloseTo(6, 5);
    expect(values(a)[1]![0]).toBeCloseTo((3 * 3) / (6 + 1e-6), 5);
    const b = [withGrad([1, -5]), withGrad([3])];
    expect(clipGradNorm_(b, 1, { normType: Infinity })).toBe(5);
    expect(values(b)[0]![1]).toBeCloseTo(-5 / (5 + 1e-6), 5);
  });

  it('throws on a non-finite norm with errorIfNonfinite, and checks its arguments', () => {
    expect(() => clipGradNorm_([withGrad([NaN, 1])], 1, { errorIfNonfinite: true })).toThrow(GradError);
    expect(() => clipGradNorm_([withGrad([Infinity])], 1, { errorIfNonfinite: true })).toThrow(/total norm of the gradients of 1 parameters is Infinity/);
    expect(() => clipGradNorm_([withGrad([1])], -1)).toThrow(/maxNorm must be a finite number ≥ 0, got -1/);
    expect(() => clipGradNorm_([withGrad([1])], 1, { normType: 3 as 2 })).toThrow(/normType must be 1, 2 or Infinity, got 3/);
  });

  it('creates no lasting tensors (the gradients keep their identity)', () => {
    const ps = [withGrad([30, 40]), withGrad([1])];
    const grads = ps.map((p) => p.grad);
    const before = memory().tensors;
    for (let i = 0; i < 5; i++) clipGradNorm_(ps, 1);
    expect(memory().tensors).toBe(before);
    ps.forEach((p, i) => expect(p.grad).toBe(grads[i]));
  });
});
