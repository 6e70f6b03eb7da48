import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, gradcheck, logSoftmax, softmax, tensor, zeros } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { expectShape, f32, firstGrad, flat, reduceRef, seq } from './ref.js';

/** Softmax of each slice along `axis`, in plain JS float64, returned in the tensor's row-major order. */
function softmaxRef(values: number[], shape: number[], axis: number, log: boolean): number[] {
  const rank = shape.length;
  const a = axis < 0 ? axis + rank : axis;
  const stride = shape.slice(a + 1).reduce((p, q) => p * q, 1);
  const n = shape[a]!;
  const out = new Array<number>(values.length);
  const outer = values.length / (n * stride);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < stride; i++) {
      const idx = Array.from({ length: n }, (_, k) => o * n * stride + k * stride + i);
      const m = Math.max(...idx.map((j) => values[j]!));
      const s = idx.reduce((acc, j) => acc + Math.exp(values[j]! - m), 0);
      for (const j of idx) out[j] = log ? values[j]! - m - Math.log(s) : Math.exp(values[j]! - m) / s;
    }
  }
  return out;
}

const OPS: [string, (x: Tensor, axis?: number) => Tensor, boolean][] = [
  ['softmax', softmax, false],
  ['logSoftmax', logSoftmax, true],
];

describe('softmax and logSoftmax', () => {
  const values = seq(24, -4, 4);
  for (const [name, op, log] of OPS) {
    it(`${name}: values along every axis (negative too) against a float64 loop`, () => {
      for (const axis of [0, 1, 2, -1, -2]) {
        expectClose(op(tensor(values, { shape: [2, 3, 4], dtype: 'float64' }), axis), softmaxRef(values, [2, 3, 4], axis, log), 1e-12);
        const xs = f32(values);
        expectClose(op(tensor(xs, { shape: [2, 3, 4] }), axis), softmaxRef(xs, [2, 3, 4], axis, log), 1e-6);
      }
      // default axis is the last
      expectClose(op(tensor(values, { shape: [6, 4], dtype: 'float64' })), softmaxRef(values, [6, 4], 1, log), 1e-12);
    });

    it(`${name}: stays finite and exact for logits of ±1e4`, () => {
      const x = tensor([[1e4, -1e4, 0], [1e4, 1e4, -1e4], [-1e4, -1e4 + 1, -1e4]]);
      const y = op(x, 1);
      expect(flat(y).every(Number.isFinite)).toBe(true);
      const want = log
        ? [[0, -2e4, -1e4], [-Math.LN2, -Math.LN2, -2e4 - Math.LN2], softmaxRef([-1e4, -1e4 + 1, -1e4], [3], 0, true)]
        : [[1, 0, 0], [0.5, 0.5, 0], softmaxRef([-1e4, -1e4 + 1, -1e4], [3], 0, false)];
      expectClose(y, want, 1e-5);
      const g = tensor([[1e4, -1e4, 0]], { dtype: 'float64' }).requiresGrad_();
      op(g, 1).mul(tensor([[1, 2, 3]], { dtype: 'float64' })).sum().backward();
      expect(flat(g.grad!).every(Number.isFinite)).toBe(true);
    });

    it(`${name}: rows sum to one (softmax) / logsumexp to zero (logSoftmax)`, () => {
      const y = op(tensor(values, { shape: [4, 6] }), 1);
      const sums = reduceRef(flat(y), [4, 6], 1, false, (s) => (log ? Math.log(s.reduce((p, q) => p + Math.exp(q), 0)) : s.reduce((p, q) => p + q, 0)));
      expectClose(tensor(sums.values), log ? [0, 0, 0, 0] : [1, 1, 1, 1], 1e-6);
    });

    it(`${name}: gradient matches finite differences along each axis`, () => {
      const x = tensor(values.slice(0, 12), { shape: [3, 4], dtype: 'float64' });
      gradcheck((t) => op(t!, 1), [x]);
      gradcheck((t) => op(t!, 0), [x]);
      gradcheck((t) => op(t!, -1), [tensor([0.5, -1, 2], { dtype: 'float64' })]);
    });

    it(`${name}: double backward matches finite differences`, () => {
      gradcheck(firstGrad((t) => op(t, 1)), [tensor(values.slice(0, 8), { shape: [2, 4], dtype: 'float64' })]);
    });

    it(`${name}: size-1, empty and 0-d inputs`, () => {
      expectClose(op(tensor([[3], [-2]]), 1), log ? [[0], [0]] : [[1], [1]]);
      expectShape(op(zeros([0, 3]), 1), [0, 3]);
      expectShape(op(zeros([2, 0]), 1), [2, 0]);
      expectClose(op(tensor(7)), [log ? 0 : 1]);
      expectClose(op(tensor(7), 0), [log ? 0 : 1]);
    });

    it(`${name}: bad axis and integer input are typed errors naming it`, () => {
      expect(() => op(zeros([2, 3]), 2)).toThrow(ShapeError);
      expect(() => op(zeros([2, 3]), -3)).toThrow(new RegExp(`^${name}: axis -3 is out of range for rank 2`));
      expect(() => op(tensor([1, 2], { dtype: 'int32' }))).toThrow(DTypeError);
      expect(() => op(tensor([1, 2], { dtype: 'int32' }))).toThrow(new RegExp(`^${name}: expected a float tensor`));
    });
  }

  it('an all −Infinity row gives NaN, as PyTorch', () => {
    expectClose(softmax(tensor([[-Infinity, -Infinity], [0, -Infinity]]), 1), [[NaN, NaN], [1, 0]]);
  });

  it('softmax backward is y·(dy − Σ dy·y); logSoftmax backward is dy − softmax·Σ dy', () => {
    const xs = [0.3, -1.2, 2];
    const dy = [1, -2, 0.5];
    const y = softmaxRef(xs, [3], 0, false);
    const dot = y.reduce((acc, v, i) => acc + v * dy[i]!, 0);
    const a = tensor(xs, { dtype: 'float64' }).requiresGrad_();
    softmax(a).backward(tensor(dy, { dtype: 'float64' }));
    expectClose(a.grad!, y.map((v, i) => v * (dy[i]! - dot)), 1e-12);
    const b = tensor(xs, { dtype: 'float64' }).requiresGrad_();
    logSoftmax(b).backward(tensor(dy, { dtype: 'float64' }));
    const total = dy.reduce((p, q) => p + q, 0);
    expectClose(b.grad!, dy.map((d, i) => d - y[i]! * total), 1e-12);
  });
});
