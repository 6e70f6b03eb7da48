import { describe, expect, it } from 'vitest';
import { Adagrad, RMSprop } from '../src/index.js';
import type { AdagradOptions, RMSpropOptions } from '../src/index.js';
import { THETA0, descend, descendReference, expectAllClose, param } from './helpers.js';

/** RMSprop per element from PyTorch's pseudo-code. */
function rmspropReference(o: Partial<RMSpropOptions> & { lr: number }) {
  const { lr, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false } = o;
  const n = THETA0.length;
  const v = new Array<number>(n).fill(0);
  const gAvg = new Array<number>(n).fill(0);
  const b = new Array<number>(n).fill(0);
  return (theta: number[], grad: number[]): number[] =>
    theta.map((th, i) => {
      const g = (maximize ? -grad[i]! : grad[i]!) + weightDecay * th;
      v[i] = alpha * v[i]! + (1 - alpha) * g * g;
      let vTilde = v[i]!;
      if (centered) {
        gAvg[i] = alpha * gAvg[i]! + (1 - alpha) * g;
        vTilde -= gAvg[i]! ** 2;
      }
      if (momentum > 0) {
        b[i] = momentum * b[i]! + g / (Math.sqrt(vTilde) + eps);
        return th - lr * b[i]!;
      }
      return th - (lr * g) / (Math.sqrt(vTilde) + eps);
    });
}

/** Adagrad per element from PyTorch's pseudo-code. */
function adagradReference(o: Partial<AdagradOptions> & { lr: number }) {
  const { lr, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, maximize = false } = o;
  const sum = new Array<number>(THETA0.length).fill(initialAccumulatorValue);
  return (theta: number[], grad: number[], t: number): number[] => {
    const clr = lr / (1 + (t - 1) * lrDecay);
    return theta.map((th, i) => {
      const g = (maximize ? -grad[i]! : grad[i]!) + weightDecay * th;
      sum[i] = sum[i]! + g * g;
      return th - (clr * g) / (Math.sqrt(sum[i]!) + eps);
    });
  };
}

describe('RMSprop matches a float64 reference', () => {
  const variants: [string, Partial<RMSpropOptions> & { lr: number }][] = [
    ['defaults', { lr: 0.01 }],
    ['alpha and eps', { lr: 0.02, alpha: 0.9, eps: 1e-4 }],
    ['momentum', { lr: 0.01, momentum: 0.9 }],
    ['centered', { lr: 0.01, centered: true, alpha: 0.8 }],
    ['centered + momentum + weight decay', { lr: 0.01, centered: true, momentum: 0.5, weightDecay: 0.1, alpha: 0.8 }],
    ['maximize', { lr: 0.01, maximize: true, momentum: 0.3 }],
  ];
  for (const [name, options] of variants) {
    it(`${name}: 5 steps within 1e-6 relative`, () => {
      const p = param(THETA0);
      expectAllClose(descend(new RMSprop([p], options), p, 5), descendReference(rmspropReference(options), 5));
    });
  }

  it('rejects bad hyper-parameters', () => {
    const p = param([1]);
    expect(() => new RMSprop([p], { alpha: -0.1 })).toThrow(/RMSprop: invalid alpha -0.1/);
    expect(() => new RMSprop([p], { momentum: -0.1 })).toThrow(/invalid momentum -0.1/);
    expect(() => new RMSprop([p], { centered: 1 as unknown as boolean })).toThrow(/centered must be true or false, got 1/);
  });
});

describe('Adagrad matches a float64 reference', () => {
  const variants: [string, Partial<AdagradOptions> & { lr: number }][] = [
    ['defaults', { lr: 0.1 }],
    ['lr decay', { lr: 0.5, lrDecay: 0.3 }],
    ['initial accumulator + weight decay', { lr: 0.3, initialAccumulatorValue: 0.5, weightDecay: 0.2 }],
    ['maximize, eps', { lr: 0.2, maximize: true, eps: 1e-3 }],
  ];
  for (const [name, options] of variants) {
    it(`${name}: 5 steps within 1e-6 relative`, () => {
      const p = param(THETA0);
      expectAllClose(descend(new Adagrad([p], options), p, 5), descendReference(adagradReference(options), 5));
    });
  }

  it('float32 parameters follow the same path', () => {
    const options = { lr: 0.3, lrDecay: 0.1 };
    const p = param(THETA0, 'float32');
    expectAllClose(descend(new Adagrad([p], options), p, 5), descendReference(adagradReference(options), 5), 1e-5);
  });

  it('rejects bad hyper-parameters', () => {
    const p = param([1]);
    expect(() => new Adagrad([p], { lrDecay: -1 })).toThrow(/Adagrad: invalid lrDecay -1/);
    expect(() => new Adagrad([p], { initialAccumulatorValue: -0.5 })).toThrow(/invalid initialAccumulatorValue -0.5/);
    expect(() => new Adagrad([p], { eps: -1e-10 })).toThrow(/invalid eps -1e-10/);
  });
});
