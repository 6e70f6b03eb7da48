import { describe, expect, it } from 'vitest';
import { SGD } from '../src/index.js';
import type { SGDOptions } from '../src/index.js';
import { THETA0, descend, descendReference, expectAllClose, param } from './helpers.js';

/** SGD written out per element from PyTorch's pseudo-code (gradient negated first when maximizing). */
function sgdReference(o: Partial<SGDOptions> & { lr: number }) {
  const { lr, momentum = 0, dampening = 0, weightDecay = 0, nesterov = false, maximize = false } = o;
  let buf: number[] | null = null;
  return (theta: number[], grad: number[]): number[] => {
    const g = grad.map((gi, i) => (maximize ? -gi : gi) + weightDecay * theta[i]!);
    let d = g;
    if (momentum !== 0) {
      const prev: number[] | null = buf;
      const b: number[] = prev === null ? [...g] : prev.map((bi, i) => momentum * bi + (1 - dampening) * g[i]!);
      buf = b;
      d = nesterov ? g.map((gi, i) => gi + momentum * b[i]!) : b;
    }
    return theta.map((t, i) => t - lr * d[i]!);
  };
}

const variants: [string, Partial<SGDOptions> & { lr: number }][] = [
  ['plain', { lr: 0.1 }],
  ['momentum', { lr: 0.05, momentum: 0.9 }],
  ['momentum with dampening', { lr: 0.05, momentum: 0.8, dampening: 0.3 }],
  ['nesterov', { lr: 0.05, momentum: 0.9, nesterov: true }],
  ['weight decay', { lr: 0.1, weightDecay: 0.2 }],
  ['nesterov + weight decay', { lr: 0.05, momentum: 0.7, nesterov: true, weightDecay: 0.1 }],
  ['maximize', { lr: 0.05, momentum: 0.5, maximize: true, weightDecay: 0.1 }],
];

describe('SGD matches a float64 reference written from the PyTorch algorithm', () => {
  for (const [name, options] of variants) {
    it(`${name}: 5 steps within 1e-6 relative`, () => {
      const p = param(THETA0);
      const got = descend(new SGD([p], options), p, 5);
      expectAllClose(got, descendReference(sgdReference(options), 5));
    });
  }

  it('float32 parameters follow the same path (to float32 precision)', () => {
    const options = { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 };
    const p = param(THETA0, 'float32');
    expectAllClose(descend(new SGD([p], options), p, 5), descendReference(sgdReference(options), 5), 1e-5);
  });

  it('defaults are PyTorch’s', () => {
    const opt = new SGD([param([1])]);
    expect(opt.defaults).toEqual({ lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false });
  });

  it('one step by hand: θ = 1, g = 2, lr 0.5 → 0', () => {
    const p = param([1]);
    const opt = new SGD([p], { lr: 0.5 });
    p.grad = param([2]);
    opt.step();
    expect(Array.from(p.dataSync())).toEqual([0]);
  });

  it('rejects bad hyper-parameters, naming the option and value', () => {
    const p = param([1]);
    expect(() => new SGD([p], { lr: -0.1 })).toThrow(/SGD: invalid lr -0.1 \(must be ≥ 0\)/);
    expect(() => new SGD([p], { momentum: -1 })).toThrow(/invalid momentum -1/);
    expect(() => new SGD([p], { weightDecay: -1e-4 })).toThrow(/invalid weightDecay -0.0001/);
    expect(() => new SGD([p], { lr: Number.NaN })).toThrow(/lr must be a finite number, got NaN/);
    expect(() => new SGD([p], { nesterov: true })).toThrow(/nesterov needs momentum > 0 and dampening 0, got momentum 0/);
    expect(() => new SGD([p], { momentum: 0.9, dampening: 0.1, nesterov: true })).toThrow(/dampening 0.1/);
    expect(() => new SGD([p], { weight_decay: 0.1 } as Partial<SGDOptions>)).toThrow(/unknown option 'weight_decay'/);
    expect(() => new SGD([{ params: [p], lr: -2 }])).toThrow(/SGD param group 0: invalid lr -2/);
  });
});
