import { describe, expect, it } from 'vitest';
import { Adam, AdamW } from '../src/index.js';
import type { AdamOptions } from '../src/index.js';
import { THETA0, descend, descendReference, expectAllClose, param } from './helpers.js';

type Options = Partial<AdamOptions> & { lr: number };

/**
 * Adam/AdamW per element from PyTorch's pseudo-code: bias-corrected moments m̂, v̂, and
 * θ ← θ − γ·m̂/(√v̂ + ε); AMSGrad keeps the running max of v and bias-corrects that.
 */
function adamReference(o: Options, decoupled: boolean) {
  const { lr, betas = [0.9, 0.999], eps = 1e-8, weightDecay = decoupled ? 1e-2 : 0, amsgrad = false, maximize = false } = o;
  const [b1, b2] = betas;
  const n = THETA0.length;
  const m = new Array<number>(n).fill(0);
  const v = new Array<number>(n).fill(0);
  const vMax = new Array<number>(n).fill(0);
  return (theta: number[], grad: number[], t: number): number[] =>
    theta.map((th, i) => {
      let g = maximize ? -grad[i]! : grad[i]!;
      if (decoupled) th = th * (1 - lr * weightDecay);
      else g += weightDecay * th;
      m[i] = b1 * m[i]! + (1 - b1) * g;
      v[i] = b2 * v[i]! + (1 - b2) * g * g;
      const mHat = m[i]! / (1 - b1 ** t);
      vMax[i] = Math.max(vMax[i]!, v[i]!);
      const vHat = (amsgrad ? vMax[i]! : v[i]!) / (1 - b2 ** t);
      return th - (lr * mHat) / (Math.sqrt(vHat) + eps);
    });
}

const variants: [string, Options][] = [
  ['defaults', { lr: 0.1 }],
  ['custom betas and eps', { lr: 0.05, betas: [0.8, 0.9], eps: 1e-3 }],
  ['weight decay', { lr: 0.1, weightDecay: 0.3 }],
  ['amsgrad', { lr: 0.2, amsgrad: true, betas: [0.5, 0.6] }],
  ['amsgrad + weight decay + maximize', { lr: 0.1, amsgrad: true, weightDecay: 0.05, maximize: true }],
];

describe('Adam matches a float64 reference', () => {
  for (const [name, options] of variants) {
    it(`${name}: 5 steps within 1e-6 relative`, () => {
      const p = param(THETA0);
      expectAllClose(descend(new Adam([p], options), p, 5), descendReference(adamReference(options, false), 5));
    });
  }

  it('float32 parameters follow the same path', () => {
    const options = { lr: 0.05, amsgrad: true };
    const p = param(THETA0, 'float32');
    expectAllClose(descend(new Adam([p], options), p, 5), descendReference(adamReference(options, false), 5), 1e-5);
  });

  it('the first step moves every coordinate by lr (m̂/√v̂ = ±1)', () => {
    const p = param(THETA0);
    const [after] = descend(new Adam([p], { lr: 0.01, eps: 0 }), p, 1);
    after!.forEach((x, i) => expect(Math.abs(x - THETA0[i]!)).toBeCloseTo(0.01, 12));
  });

  it('rejects betas outside [0, 1), naming which', () => {
    const p = param([1]);
    expect(() => new Adam([p], { betas: [1, 0.999] })).toThrow(/Adam: invalid betas\[0\] 1 \(must be in \[0, 1\)\)/);
    expect(() => new Adam([p], { betas: [0.9, -0.5] })).toThrow(/invalid betas\[1\] -0.5/);
    expect(() => new Adam([p], { betas: [0.9] as unknown as [number, number] })).toThrow(/betas must be a pair/);
    expect(() => new Adam([p], { eps: -1 })).toThrow(/invalid eps -1/);
    expect(() => new Adam([p], { lr: -1e-3 })).toThrow(/invalid lr -0.001/);
    expect(() => new AdamW([{ params: [p], betas: [0.9, 1.5] }])).toThrow(/AdamW param group 0: invalid betas\[1\] 1.5/);
  });
});

describe('AdamW (decoupled weight decay) matches a float64 reference', () => {
  const wVariants: [string, Options][] = [
    ['default weight decay 1e-2', { lr: 0.1 }],
    ['strong weight decay', { lr: 0.1, weightDecay: 0.5 }],
    ['amsgrad', { lr: 0.1, weightDecay: 0.1, amsgrad: true }],
  ];
  for (const [name, options] of wVariants) {
    it(`${name}: 5 steps within 1e-6 relative`, () => {
      const p = param(THETA0);
      expectAllClose(descend(new AdamW([p], options), p, 5), descendReference(adamReference(options, true), 5));
    });
  }

  it('differs from Adam with the same weight decay (decoupled vs L2)', () => {
    const a = param(THETA0);
    const w = param(THETA0);
    const adam = descend(new Adam([a], { lr: 0.1, weightDecay: 0.5 }), a, 3);
    const adamw = descend(new AdamW([w], { lr: 0.1, weightDecay: 0.5 }), w, 3);
    expect(Math.abs(adam[2]![0]! - adamw[2]![0]!)).toBeGreaterThan(1e-3);
  });

  it('has PyTorch’s defaults', () => {
    const p = param([1]);
    expect(new AdamW([p]).defaults).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false });
    expect(new Adam([p]).defaults.weightDecay).toBe(0);
  });
});
