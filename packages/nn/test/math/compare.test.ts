import { describe, expect, it } from 'vitest';
import {
  DTypeError, ShapeError, eq, equal, ge, gradcheck, greater, greaterEqual, gt, isFinite, isInf, isNaN, le, less, lessEqual,
  logicalAnd, logicalNot, logicalOr, logicalXor, lt, ne, notEqual, tensor, where, zeros,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { expectShape, firstGrad } from './ref.js';

const bools = (t: Tensor): boolean[] => Array.from(t.dataSync(), (v) => v !== 0);

const COMPARISONS: [string, (a: Tensor | number, b: Tensor | number) => Tensor, (a: number, b: number) => boolean][] = [
  ['eq', eq, (a, b) => a === b],
  ['ne', ne, (a, b) => a !== b],
  ['lt', lt, (a, b) => a < b],
  ['le', le, (a, b) => a <= b],
  ['gt', gt, (a, b) => a > b],
  ['ge', ge, (a, b) => a >= b],
];

describe('comparisons', () => {
  const a = [1, 2, 3, NaN, -Infinity, 0];
  const b = [1, 3, 2, NaN, -Infinity, -0];
  for (const [name, op, ref] of COMPARISONS) {
    it(`${name}: values (NaN compares false except ne), bool output`, () => {
      const y = op(tensor(a), tensor(b));
      expect(y.dtype).toBe('bool');
      expect(bools(y)).toEqual(a.map((v, i) => ref(v, b[i]!)));
    });

    it(`${name}: broadcasting, numbers on either side, dtype promotion`, () => {
      const col = tensor([[1], [2]], { dtype: 'int32' });
      const row = tensor([0.5, 1, 2.5]);
      const y = op(col, row);
      expectShape(y, [2, 3]);
      expect(bools(y)).toEqual([1, 2].flatMap((p) => [0.5, 1, 2.5].map((q) => ref(p, q))));
      // an int tensor against a fractional number compares in float
      expect(bools(op(tensor([1, 2], { dtype: 'int32' }), 1.5))).toEqual([ref(1, 1.5), ref(2, 1.5)]);
      expect(bools(op(1.5, tensor([1, 2])))).toEqual([ref(1.5, 1), ref(1.5, 2)]);
      expectShape(op(zeros([0, 3]), zeros([3])), [0, 3]);
      expectShape(op(tensor(1), tensor(2)), []);
    });

    it(`${name}: shapes that do not broadcast are a ShapeError naming it`, () => {
      expect(() => op(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(ShapeError);
      expect(() => op(tensor([1, 2]), tensor([1, 2, 3]))).toThrow(new RegExp(`^${name}: shapes \\[2\\] and \\[3\\]`));
    });
  }

  it('aliases are the same functions', () => {
    expect([equal, notEqual, less, lessEqual, greater, greaterEqual]).toEqual([eq, ne, lt, le, gt, ge]);
  });

  it('bool tensors compare', () => {
    expect(bools(eq(tensor([true, false]), tensor([true, true])))).toEqual([true, false]);
    expect(bools(gt(tensor([true, false]), 0))).toEqual([true, false]);
  });

  it('no gradient flows through a comparison', () => {
    const x = tensor([1, 2]).requiresGrad_();
    expect(gt(x, 1).requiresGrad).toBe(false);
  });
});

describe('logical ops', () => {
  const p = [true, true, false, false];
  const q = [true, false, true, false];
  it('and, or, xor on bools, with broadcasting', () => {
    expect(bools(logicalAnd(tensor(p), tensor(q)))).toEqual(p.map((v, i) => v && q[i]!));
    expect(bools(logicalOr(tensor(p), tensor(q)))).toEqual(p.map((v, i) => v || q[i]!));
    expect(bools(logicalXor(tensor(p), tensor(q)))).toEqual(p.map((v, i) => v !== q[i]!));
    const y = logicalAnd(tensor([[true], [false]]), tensor([true, false, true]));
    expectShape(y, [2, 3]);
    expect(bools(y)).toEqual([true, false, true, false, false, false]);
  });

  it('any dtype: nonzero and NaN are true; numbers too', () => {
    const x = tensor([0, 2, NaN, -1]);
    expect(bools(logicalAnd(x, tensor([1, 1, 1, 0], { dtype: 'int32' })))).toEqual([false, true, true, false]);
    expect(bools(logicalOr(x, 0))).toEqual([false, true, true, true]);
    expect(bools(logicalXor(x, NaN))).toEqual([true, false, false, false]);
    expect(bools(logicalAnd(2, tensor([true, false])))).toEqual([true, false]);
    expect(bools(logicalNot(x))).toEqual([true, false, false, false]);
    expect(bools(logicalNot(tensor([true, false])))).toEqual([false, true]);
    expect(logicalNot(tensor([3], { dtype: 'int32' })).dtype).toBe('bool');
  });

  it('shape errors name the op', () => {
    expect(() => logicalOr(tensor([true, false]), tensor([true, false, true]))).toThrow(/^logicalOr: shapes/);
    expect(() => logicalXor(tensor([true, false]), tensor([true, false, true]))).toThrow(ShapeError);
  });
});

describe('isNaN, isInf, isFinite', () => {
  const x = [NaN, Infinity, -Infinity, 0, -3.5, 1e38];
  it('float values against Number.*', () => {
    for (const dtype of ['float32', 'float64'] as const) {
      const t = tensor(x, { dtype });
      expect(bools(isNaN(t))).toEqual(x.map((v) => Number.isNaN(v)));
      expect(bools(isInf(t))).toEqual(x.map((v) => v === Infinity || v === -Infinity));
      expect(bools(isFinite(t))).toEqual(x.map((v) => Number.isFinite(v)));
    }
  });

  it('integer and bool tensors have no NaN or Infinity', () => {
    const i = tensor([[1, 2]], { dtype: 'int32' });
    expect(bools(isNaN(i))).toEqual([false, false]);
    expect(bools(isInf(tensor([true])))).toEqual([false]);
    const f = isFinite(i);
    expect(f.dtype).toBe('bool');
    expectShape(f, [1, 2]);
    expect(bools(f)).toEqual([true, true]);
  });
});

describe('where', () => {
  const cond = tensor([[true, false, true], [false, false, true]]);
  it('picks a where cond holds, b elsewhere, all three broadcasting', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    const b = tensor([10, 20, 30]);
    expectClose(where(cond, a, b), [[1, 20, 3], [10, 20, 6]]);
    expectClose(where(tensor([true, false]).reshape([2, 1]), tensor([1, 2, 3]), tensor([[7], [8]])), [[1, 2, 3], [8, 8, 8]]);
    expectShape(where(tensor([]).reshape([0, 1]).bool(), zeros([3]), 1), [0, 3]);
  });

  it('numbers on either side, promotion as binary ops', () => {
    expectClose(where(cond, tensor([1, 2, 3]), 0), [[1, 0, 3], [0, 0, 3]]);
    expectClose(where(cond, -1, tensor([1, 2, 3], { dtype: 'float64' })), [[-1, 2, -1], [1, 2, -1]]);
    expect(where(cond, -1, tensor([1, 2, 3], { dtype: 'float64' })).dtype).toBe('float64');
    const ints = where(cond, 1, 0);
    expect(ints.dtype).toBe('int32');
    expect(Array.from(ints.dataSync())).toEqual([1, 0, 1, 0, 0, 1]);
    expect(where(cond, 0.5, 0).dtype).toBe('float32');
    const mixed = where(cond, tensor([1, 2, 3], { dtype: 'int32' }), tensor([0.5]));
    expect(mixed.dtype).toBe('float32');
    expectClose(mixed, [[1, 0.5, 3], [0.5, 0.5, 3]]);
    expect(where(tensor([true]), tensor([1], { dtype: 'int32' }), 2.5).dtype).toBe('float32');
  });

  it('gradient to a where cond holds, to b elsewhere, summed over broadcast dims', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' }).requiresGrad_();
    const b = tensor([10, 20, 30], { dtype: 'float64' }).requiresGrad_();
    where(cond, a, b).mul(tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' })).sum().backward();
    expectClose(a.grad!, [[1, 0, 3], [0, 0, 6]]);
    expectClose(b.grad!, [4, 7, 0]);
    gradcheck((p, q) => where(cond, p!, q!), [tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' }), tensor([1, 2, 3], { dtype: 'float64' })]);
    gradcheck((p) => where(cond, 2, p!), [tensor([[1], [2]], { dtype: 'float64' })]);
    gradcheck(firstGrad((p) => where(cond, p.mul(p), p.mul(3))), [tensor([1, 2, 3], { dtype: 'float64' })]);
  });

  it('condition must be bool; shapes must broadcast', () => {
    expect(() => where(tensor([1, 0]), 1, 2)).toThrow(DTypeError);
    expect(() => where(tensor([1, 0]), 1, 2)).toThrow(/^where: expected dtype bool/);
    expect(() => where(tensor([true, false]), tensor([1, 2, 3]), 0)).toThrow(ShapeError);
    expect(() => where(tensor([true, false]), tensor([1, 2, 3]), 0)).toThrow(/^where: shapes \[2\] and \[3\] and \[\]/);
  });
});
