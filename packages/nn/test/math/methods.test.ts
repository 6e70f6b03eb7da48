import { describe, expect, it } from 'vitest';
import { Generator, tensor } from '../../src/index.js';
import { expectClose } from '../helpers.js';

describe('math methods on Tensor', () => {
  const x = tensor([[0.5, -2, 3], [-0.25, 1, 4]]);

  it('unary methods chain', () => {
    expectClose(x.abs().sqrt().log(), [[Math.log(Math.sqrt(0.5)), Math.log(Math.sqrt(2)), Math.log(Math.sqrt(3))], [Math.log(0.5), 0, Math.log(2)]], 1e-6);
    expectClose(x.relu().square().neg().exp(), [[Math.exp(-0.25), 1, Math.exp(-9)], [1, Math.exp(-1), Math.exp(-16)]], 1e-6);
    expectClose(x.clamp(-1, 1).sign(), [[1, -1, 1], [-1, 1, 1]]);
    expectClose(x.leakyRelu(0.5).hardtanh(-0.5, 2), [[0.5, -0.5, 2], [-0.125, 1, 2]]);
    expectClose(x.relu6().floor().round(), [[0, 0, 3], [0, 1, 4]]);
  });

  it('binary and comparison methods', () => {
    expectClose(x.pow(2).maximum(1).minimum(9), [[1, 4, 9], [1, 1, 9]]);
    expectClose(x.remainder(2), [[0.5, 0, 1], [1.75, 1, 0]]);
    expectClose(x.floorDivide(2), [[0, -1, 1], [-1, 0, 2]]);
    expect(Array.from(x.gt(0).logicalAnd(x.lt(3.5)).dataSync())).toEqual([1, 0, 1, 0, 1, 0]);
    expect(Array.from(x.greaterEqual(3).logicalOr(x.equal(-2)).logicalNot().dataSync())).toEqual([1, 0, 0, 1, 1, 0]);
    expectClose(x.where(x.gt(0), -1), [[0.5, -1, 3], [-1, 1, 4]]);
  });

  it('reduction and softmax methods', () => {
    expectClose(x.max(1), [3, 4]);
    expectClose(x.min(), [-2]);
    expectClose(x.mean(0, true), [[0.125, -0.5, 3.5]]);
    expectClose(x.var(1, { correction: 0 }), [[0.5, -2, 3], [-0.25, 1, 4]].map((r) => { const m = (r[0]! + r[1]! + r[2]!) / 3; return r.reduce((a, v) => a + (v - m) ** 2, 0) / 3; }), 1e-6);
    expect(x.argmax(1).dataSync()).toEqual(new Int32Array([2, 2]));
    expect(x.argmin().item()).toBe(1);
    expectClose(x.softmax(1).sum(1), [1, 1], 1e-6);
    expectClose(x.logSoftmax().exp().sum(-1), [1, 1], 1e-6);
    expectClose(x.norm(1), [10.75]);
    expect(x.gt(3).any().item()).toBe(1);
    expect(x.gt(-3).all(1).dataSync()).toEqual(new Uint8Array([1, 1]));
    expectClose(tensor([1, 2, 3]).prod(), [6]);
    expectClose(tensor([1, 3]).std(), [Math.SQRT2], 1e-6);
    expectClose(tensor([0, 0]).logsumexp(), [Math.LN2], 1e-6);
  });

  it('activation methods match their definitions', () => {
    const v = tensor([-1, 0.5]);
    expectClose(v.sigmoid(), [1 / (1 + Math.E), 1 / (1 + Math.exp(-0.5))], 1e-6);
    expectClose(v.silu(), [-1 / (1 + Math.E), 0.5 / (1 + Math.exp(-0.5))], 1e-6);
    expectClose(v.elu(2), [2 * Math.expm1(-1), 0.5], 1e-6);
    expectClose(v.softplus(1, 0), [Math.log1p(Math.exp(-1)), 0.5], 1e-6);
    expectClose(v.tanh().atanh(), [-1, 0.5], 1e-6);
    expectClose(v.sinh().asinh(), [-1, 0.5], 1e-6);
    expectClose(v.add(2).cosh().acosh(), [1, 2.5], 1e-6);
    expect(v.isFinite().dataSync()).toEqual(new Uint8Array([1, 1]));
    expect(v.div(0).isInf().dataSync()).toEqual(new Uint8Array([1, 1]));
    expect(tensor([NaN, 1]).isNaN().dataSync()).toEqual(new Uint8Array([1, 0]));
    expect(typeof new Generator(1).random()).toBe('number');
  });
});
