import { describe, expect, it } from 'vitest';
import {
  AdaptiveAvgPool2d, AvgPool2d, Dropout, ELU, Flatten, GELU, Identity, LPPool2d, LeakyReLU, LogSoftmax, MaxPool2d, ReLU, Sigmoid, Softmax, Tanh,
  manualSeed, memory, ones, tensor, tidy,
} from '../../src/index.js';
import type { Module } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { distinct, flat, rand, refPool2d, toT } from '../linalg/ref.js';

describe('pooling layers', () => {
  it('MaxPool2d and AvgPool2d pass their options through (float64 oracle)', () => {
    const x = distinct([2, 3, 7, 6], 1);
    const specs = [{ kernel: [2, 2] as [number, number] }, { kernel: [3, 3] as [number, number], stride: [2, 2] as [number, number], padding: [1, 1] as [number, number], ceilMode: true }];
    for (const spec of specs) {
      const options = { stride: spec.stride, padding: spec.padding, ceilMode: spec.ceilMode };
      expectClose(new MaxPool2d(spec.kernel, options).forward(toT(x)), flat(refPool2d(x, 'max', spec)), 1e-12);
      expectClose(new AvgPool2d(spec.kernel, options).forward(toT(x)), flat(refPool2d(x, 'avg', spec)), 1e-12);
    }
    const noPad = { kernel: [3, 3] as [number, number], stride: [1, 1] as [number, number], padding: [1, 1] as [number, number], countIncludePad: false };
    expectClose(new AvgPool2d(3, { stride: 1, padding: 1, countIncludePad: false }).forward(toT(x)), flat(refPool2d(x, 'avg', noPad)), 1e-12);
    expect(new MaxPool2d(2, { dilation: 2 }).forward(toT(x)).shape).toEqual([2, 3, 3, 2]); // (7 − 2 − 1)/2 + 1, (6 − 2 − 1)/2 + 1
  });

  it('LPPool2d is (Σ x^p)^(1/p) over each window', () => {
    const x = rand([1, 2, 4, 6], 2, 0.1, 1);
    const y = new LPPool2d(2, [2, 3]).forward(toT(x));
    const want: number[] = [];
    for (let c = 0; c < 2; c++)
      for (let i = 0; i < 2; i++)
        for (let j = 0; j < 2; j++) {
          let s = 0;
          for (let a = 0; a < 2; a++) for (let b = 0; b < 3; b++) s += x.data[c * 24 + (2 * i + a) * 6 + 3 * j + b]! ** 2;
          want.push(Math.sqrt(s));
        }
    expectClose(y, want, 1e-12);
    expect(() => new LPPool2d(0, 2)).toThrow(/LPPool2d: normType must be a finite positive number/);
  });

  it('AdaptiveAvgPool2d averages PyTorch\'s windows [⌊iH/oh⌋, ⌈(i+1)H/oh⌉); 1 is global pooling', () => {
    const x = rand([1, 2, 5, 7], 3);
    const y = new AdaptiveAvgPool2d([3, 2]).forward(toT(x));
    const want: number[] = [];
    for (let c = 0; c < 2; c++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 2; j++) {
          const [h0, h1] = [Math.floor((i * 5) / 3), Math.ceil(((i + 1) * 5) / 3)];
          const [w0, w1] = [Math.floor((j * 7) / 2), Math.ceil(((j + 1) * 7) / 2)];
          let s = 0;
          for (let a = h0; a < h1; a++) for (let b = w0; b < w1; b++) s += x.data[c * 35 + a * 7 + b]!;
          want.push(s / ((h1 - h0) * (w1 - w0)));
        }
    expectClose(y, want, 1e-12);
    const global = new AdaptiveAvgPool2d(1).forward(toT(x));
    expect(global.shape).toEqual([1, 2, 1, 1]);
    expectClose(global, [0, 1].map((c) => x.data.slice(c * 35, c * 35 + 35).reduce((s, v) => s + v, 0) / 35), 1e-12);
    expect(new AdaptiveAvgPool2d([null, 3]).forward(toT(x)).shape).toEqual([1, 2, 5, 3]);
    expect(() => new AdaptiveAvgPool2d(0)).toThrow(/AdaptiveAvgPool2d: outputSize must be a positive integer/);
    expect(() => new MaxPool2d(0)).toThrow(/MaxPool2d: kernelSize/);
  });
});

/** erf by Abramowitz–Stegun 7.1.26 (|error| < 1.5e-7). */
function erf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? y : -y;
}

describe('activation layers', () => {
  const xs = [-3, -1.5, -0.2, 0, 0.3, 1, 2.5];
  const cases: [Module, (v: number) => number][] = [
    [new ReLU(), (v) => Math.max(v, 0)],
    [new LeakyReLU(), (v) => (v > 0 ? v : 0.01 * v)],
    [new LeakyReLU(0.2), (v) => (v > 0 ? v : 0.2 * v)],
    [new Sigmoid(), (v) => 1 / (1 + Math.exp(-v))],
    [new Tanh(), Math.tanh],
    [new ELU(), (v) => (v > 0 ? v : Math.exp(v) - 1)],
    [new ELU(0.5), (v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))],
    [new GELU(), (v) => 0.5 * v * (1 + erf(v / Math.SQRT2))],
    [new GELU('tanh'), (v) => 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)))],
    [new Identity(), (v) => v],
  ];
  for (const [layer, f] of cases) {
    it(`${String(layer)} matches its formula`, () => {
      expectClose(layer.forward(tensor(xs, { dtype: 'float64' })), xs.map(f), 1e-6);
    });
  }

  it('Softmax and LogSoftmax along dim (default the last)', () => {
    const rows = [[1, 2, 3], [-1, 0, 5]];
    const x = tensor(rows, { dtype: 'float64' });
    const soft = (r: number[]): number[] => r.map((v) => Math.exp(v) / r.reduce((s, u) => s + Math.exp(u), 0));
    expectClose(new Softmax().forward(x), rows.map(soft), 1e-12);
    expectClose(new LogSoftmax(1).forward(x), rows.map((r) => soft(r).map(Math.log)), 1e-12);
    const cols = [0, 1, 2].map((j) => soft([rows[0]![j]!, rows[1]![j]!]));
    expectClose(new Softmax(0).forward(x), [cols.map((c) => c[0]), cols.map((c) => c[1])], 1e-12);
  });

  it('reject bad arguments', () => {
    expect(() => new GELU('fast' as 'tanh')).toThrow(/GELU: approximate must be 'none' or 'tanh'/);
    expect(() => new LeakyReLU(NaN)).toThrow(/LeakyReLU: negativeSlope/);
    expect(() => new ELU(Infinity)).toThrow(/ELU: alpha/);
  });
});

describe('Dropout and Flatten', () => {
  it('Dropout zeroes about p of the elements and scales the rest by 1/(1−p) in train mode, is the identity in eval', () => {
    manualSeed(5);
    const drop = new Dropout(0.25);
    const y = drop.forward(ones([20000])).dataSync();
    const zeros = y.filter((v) => v === 0).length / y.length;
    expect(Math.abs(zeros - 0.25)).toBeLessThan(0.015);
    expect(y.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6)).toBe(true);
    const x = ones([3]);
    expect(drop.eval().forward(x)).toBe(x);
    expect(() => new Dropout(1.5)).toThrow(/Dropout: p must be in \[0, 1\], got 1.5/);
  });

  it('Flatten keeps the batch dim by default, is a view, and takes a dim range', () => {
    const x = toT(rand([2, 3, 4, 5], 6));
    const before = memory().tensors;
    const y = tidy(() => new Flatten().forward(x));
    expect(y.shape).toEqual([2, 60]);
    expect(y.dataSync()).toEqual(x.dataSync());
    expect(new Flatten(2).forward(x).shape).toEqual([2, 3, 20]);
    expect(new Flatten(0, 1).forward(x).shape).toEqual([6, 4, 5]);
    expect(memory().tensors).toBeGreaterThan(before);
    expect(() => new Flatten(3, 1).forward(x)).toThrow(/flatten: startDim 3 comes after endDim 1/);
  });
});
