import { describe, expect, it } from 'vitest';
import { DTypeError, Generator, dropout, gradcheck, manualSeed, ones, tensor, zeros } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { expectShape, flat } from './ref.js';

describe('dropout', () => {
  it('p = 0 or not training returns x itself', () => {
    const x = tensor([1, 2, 3]);
    expect(dropout(x, 0)).toBe(x);
    expect(dropout(x, 0.5, false)).toBe(x);
  });

  it('p = 1 gives zeros (x·0) with zero gradient', () => {
    const x = tensor([1, -2, 3], { dtype: 'float64' }).requiresGrad_();
    const y = dropout(x, 1);
    expectClose(y, [0, -0, 0]);
    y.sum().backward();
    expectClose(x.grad!, [0, 0, 0]);
  });

  it('keeps about 1 − p of the elements, scaled by 1/(1 − p)', () => {
    const n = 20000;
    for (const p of [0.1, 0.5, 0.8]) {
      const y = flat(dropout(ones([n]), p, true, new Generator(3)));
      const kept = y.filter((v) => v !== 0);
      for (const v of kept) expect(v).toBeCloseTo(1 / (1 - p), 5);
      const frac = kept.length / n;
      // binomial standard deviation √(p(1−p)/n) ≤ 0.0036: 5σ
      expect(Math.abs(frac - (1 - p))).toBeLessThan(0.018);
    }
  });

  it('the mask comes from the seeded generator: same seed, same mask; different seed, different mask', () => {
    const x = ones([64, 8]);
    const a = flat(dropout(x, 0.5, true, new Generator(42)));
    const b = flat(dropout(x, 0.5, true, new Generator(42)));
    const c = flat(dropout(x, 0.5, true, new Generator(43)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    manualSeed(7);
    const d = flat(dropout(x, 0.5));
    manualSeed(7);
    expect(flat(dropout(x, 0.5))).toEqual(d);
  });

  it('gradient is dy·mask/(1 − p)', () => {
    const x = tensor([[1, 2, 3, 4], [5, 6, 7, 8]], { dtype: 'float64' }).requiresGrad_();
    const y = dropout(x, 0.25, true, new Generator(5));
    const dy = tensor([[1, -1, 2, -2], [3, -3, 4, -4]], { dtype: 'float64' });
    y.backward(dy);
    const yv = flat(y);
    const xv = flat(x);
    const dyv = flat(dy);
    // the mask/(1 − p) of each element is y/x
    expectClose(x.grad!, yv.map((v, i) => (v / xv[i]!) * dyv[i]!), 1e-12);
    expect(yv.some((v) => v === 0)).toBe(true);
    gradcheck((t) => dropout(t!, 0.4, true, new Generator(9)), [tensor([0.5, -1, 2, 3, -4, 1.5], { dtype: 'float64' })]);
  });

  it('float64 masks, empty and 0-d inputs', () => {
    const y = dropout(ones([5], { dtype: 'float64' }), 0.5, true, new Generator(1));
    expect(y.dtype).toBe('float64');
    for (const v of flat(y)) expect([0, 2]).toContain(v);
    expectShape(dropout(zeros([0, 3]), 0.5), [0, 3]);
    expectShape(dropout(tensor(3), 0.5), []);
  });

  it('bad p is a RangeError; integer input a DTypeError naming dropout', () => {
    expect(() => dropout(ones([2]), 1.5)).toThrow(/^dropout: p must be in \[0, 1\]/);
    expect(() => dropout(ones([2]), -0.1)).toThrow(RangeError);
    expect(() => dropout(ones([2]), NaN)).toThrow(RangeError);
    expect(() => dropout(tensor([1], { dtype: 'int32' }), 0.5)).toThrow(DTypeError);
    expect(() => dropout(tensor([1], { dtype: 'int32' }), 0.5)).toThrow(/^dropout: /);
  });
});
