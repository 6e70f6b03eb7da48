import { describe, expect, it } from 'vitest';
import { BatchNorm1d, BatchNorm2d, LayerNorm, ShapeError, batchNorm, gradcheck, layerNorm, noGrad, tensor } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { rand, toT } from '../linalg/ref.js';
import type { Arr } from '../linalg/ref.js';

/** Per-channel statistics of [N, C, …] over every dim but 1: mean, biased and unbiased variance. */
function channelStats(x: Arr): { mean: number[]; biased: number[]; unbiased: number[] } {
  const [n, c] = x.shape as [number, number];
  const inner = x.shape.slice(2).reduce((p, q) => p * q, 1);
  const values = (ch: number): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) for (let k = 0; k < inner; k++) out.push(x.data[(i * c + ch) * inner + k]!);
    return out;
  };
  const mean: number[] = [];
  const biased: number[] = [];
  const unbiased: number[] = [];
  for (let ch = 0; ch < c; ch++) {
    const v = values(ch);
    const m = v.reduce((s, u) => s + u, 0) / v.length;
    const ss = v.reduce((s, u) => s + (u - m) ** 2, 0);
    mean.push(m);
    biased.push(ss / v.length);
    unbiased.push(ss / (v.length - 1));
  }
  return { mean, biased, unbiased };
}

/** (x − m_c)/√(v_c + eps)·w_c + b_c over [N, C, …]. */
function normalize(x: Arr, m: number[], v: number[], w: number[], b: number[], eps = 1e-5): number[] {
  const [, c] = x.shape as [number, number];
  const inner = x.shape.slice(2).reduce((p, q) => p * q, 1);
  return Array.from(x.data, (u, i) => {
    const ch = Math.floor(i / inner) % c;
    return ((u - m[ch]!) / Math.sqrt(v[ch]! + eps)) * w[ch]! + b[ch]!;
  });
}

function setAffine(bn: { weight: Tensor | null; bias: Tensor | null }, w: number[], b: number[]): void {
  noGrad(() => {
    bn.weight!.assign(tensor(w, { dtype: bn.weight!.dtype }));
    bn.bias!.assign(tensor(b, { dtype: bn.bias!.dtype }));
  });
}

describe('BatchNorm2d', () => {
  it('train mode: normalises by the batch mean and biased variance; running stats take the unbiased variance', () => {
    const bn = new BatchNorm2d(3);
    const w = [1.5, -0.5, 2];
    const b = [0.1, 0.2, -0.3];
    setAffine(bn, w, b);
    const x1 = rand([4, 3, 2, 3], 1, -2, 3);
    const s1 = channelStats(x1);
    expectClose(bn.forward(toT(x1, 'float32')), normalize(x1, s1.mean, s1.biased, w, b), 1e-5);
    expectClose(bn.runningMean!, s1.mean.map((m) => 0.1 * m), 1e-6);
    expectClose(bn.runningVar!, s1.unbiased.map((v) => 0.9 + 0.1 * v), 1e-6);
    const x2 = rand([4, 3, 2, 3], 2);
    const s2 = channelStats(x2);
    bn.forward(toT(x2, 'float32'));
    expectClose(bn.runningMean!, s1.mean.map((m, c) => 0.9 * 0.1 * m + 0.1 * s2.mean[c]!), 1e-6);
    expectClose(bn.runningVar!, s1.unbiased.map((v, c) => 0.9 * (0.9 + 0.1 * v) + 0.1 * s2.unbiased[c]!), 1e-6);
    expect(bn.numBatchesTracked!.item()).toBe(2);

    bn.eval();
    const rm = Array.from(bn.runningMean!.dataSync());
    const rv = Array.from(bn.runningVar!.dataSync());
    const x3 = rand([2, 3, 2, 2], 3);
    expectClose(bn.forward(toT(x3, 'float32')), normalize(x3, rm, rv, w, b), 1e-5);
    expect(Array.from(bn.runningMean!.dataSync())).toEqual(rm);
    expect(bn.numBatchesTracked!.item()).toBe(2);
  });

  it('momentum null keeps a cumulative average of the batch statistics', () => {
    const bn = new BatchNorm2d(2, { momentum: null });
    const batches = [rand([3, 2, 2, 2], 4), rand([3, 2, 2, 2], 5), rand([3, 2, 2, 2], 6)];
    for (const x of batches) bn.forward(toT(x, 'float32'));
    const stats = batches.map(channelStats);
    expectClose(bn.runningMean!, [0, 1].map((c) => stats.reduce((s, st) => s + st.mean[c]!, 0) / 3), 1e-6);
    expectClose(bn.runningVar!, [0, 1].map((c) => stats.reduce((s, st) => s + st.unbiased[c]!, 0) / 3), 1e-6);
  });

  it('trackRunningStats false: no buffers, batch statistics in eval too; affine false: no parameters', () => {
    const bn = new BatchNorm2d(2, { trackRunningStats: false, affine: false, eps: 1e-3 });
    expect(bn.parameters()).toEqual([]);
    expect(bn.buffers()).toEqual([]);
    const x = rand([2, 2, 3, 3], 7);
    const s = channelStats(x);
    expectClose(bn.eval().forward(toT(x)), normalize(x, s.mean, s.biased, [1, 1], [0, 0], 1e-3), 1e-9);
  });

  it('gradients go through the batch statistics (gradcheck of the layer and of batchNorm)', () => {
    const bn = new BatchNorm2d(2).double();
    setAffine(bn, [1.3, 0.7], [0.2, -0.1]);
    gradcheck((x) => bn.forward(x!), [toT(rand([3, 2, 2, 2], 8))]);
    gradcheck((x, w, b) => batchNorm(x!, null, null, { weight: w!, bias: b!, training: true }), [toT(rand([4, 3, 2], 9)), toT(rand([3], 10)), toT(rand([3], 11))]);
    const rm = toT(rand([3], 12));
    const rv = toT(rand([3], 13, 0.5, 2));
    gradcheck((x, w) => batchNorm(x!, rm, rv, { weight: w!, training: false }), [toT(rand([2, 3], 14)), toT(rand([3], 15))]);
  });

  it('rejects wrong ranks and channel counts, and a single value per channel in training', () => {
    const bn = new BatchNorm2d(3);
    expect(() => bn.forward(toT(rand([2, 3, 4], 1), 'float32'))).toThrow(/BatchNorm2d: expected input \[N, C, H, W\], got \[2, 3, 4\]/);
    expect(() => bn.forward(toT(rand([2, 4, 2, 2], 1), 'float32'))).toThrow(/BatchNorm2d: expected 3 channels \(dim 1\), got input \[2, 4, 2, 2\]/);
    expect(() => bn.forward(toT(rand([1, 3, 1, 1], 1), 'float32'))).toThrow(/expected more than 1 value per channel when training, got input \[1, 3, 1, 1\]/);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expect(bn.eval().forward(toT(rand([1, 3, 1, 1], 1), 'float32')).shape).toEqual([1, 3, 1, 1]);
    expect(() => new BatchNorm2d(2, { momentum: 2 })).toThrow(/momentum must be in \[0, 1\] or null/);
    expect(() => batchNorm(toT(rand([2, 3], 1)), toT(rand([2], 1)), null, { training: true })).toThrow(/batchNorm: runningMean must have shape \[3\], got \[2\]/);
    expect(() => batchNorm(toT(rand([2, 3], 1)), null, null)).toThrow(/needs runningMean and runningVar/);
  });
});

describe('BatchNorm1d', () => {
  it('normalises [N, C] over the batch and [N, C, L] over batch and length', () => {
    for (const shape of [[5, 3], [4, 3, 6]]) {
      const bn = new BatchNorm1d(3);
      const x = rand(shape, 16);
      const s = channelStats(x);
      expectClose(bn.forward(toT(x, 'float32')), normalize(x, s.mean, s.biased, [1, 1, 1], [0, 0, 0]), 1e-5);
      expectClose(bn.runningVar!, s.unbiased.map((v) => 0.9 + 0.1 * v), 1e-6);
    }
    expect(() => new BatchNorm1d(3).forward(toT(rand([2, 3, 2, 2], 1), 'float32'))).toThrow(/BatchNorm1d: expected input \[N, C\] or \[N, C, L\]/);
  });
});

describe('LayerNorm', () => {
  it('normalises each sample over the last dims, with elementwise weight and bias', () => {
    const ln = new LayerNorm([2, 3]);
    const w = [1, 2, 3, -1, 0.5, 1];
    const b = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
    noGrad(() => {
      ln.weight!.assign(tensor(w, { shape: [2, 3] }));
      ln.bias!.assign(tensor(b, { shape: [2, 3] }));
    });
    const x = rand([4, 2, 3], 17);
    const want: number[] = [];
    for (let i = 0; i < 4; i++) {
      const v = Array.from(x.data.slice(i * 6, i * 6 + 6));
      const m = v.reduce((s, u) => s + u, 0) / 6;
      const varB = v.reduce((s, u) => s + (u - m) ** 2, 0) / 6;
      v.forEach((u, k) => want.push(((u - m) / Math.sqrt(varB + 1e-5)) * w[k]! + b[k]!));
    }
    expectClose(ln.forward(toT(x, 'float32')), want, 1e-5);
    expect(new LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
    expect(new LayerNorm(4, { bias: false }).namedParameters().map(([n]) => n)).toEqual(['weight']);
  });

  it('gradcheck of layerNorm with weight and bias, and errors', () => {
    gradcheck((x, w, b) => layerNorm(x!, [3], { weight: w!, bias: b! }), [toT(rand([2, 2, 3], 18)), toT(rand([3], 19)), toT(rand([3], 20))]);
    expect(() => new LayerNorm([3]).forward(toT(rand([2, 4], 1), 'float32'))).toThrow(/layerNorm: input \[2, 4\] must end with normalizedShape \[3\]/);
    expect(() => new LayerNorm([])).toThrow(ShapeError);
    expect(() => layerNorm(toT(rand([2, 3], 1)), 3, { weight: toT(rand([2], 1)) })).toThrow(/layerNorm: weight must have shape \[3\], got \[2\]/);
  });
});
