import { DTypeError, ShapeError } from '@pistil/backend';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { run, tensor } from './helpers.js';

const b = new CpuBackend();

describe('unary', () => {
  it('computes float ops, including the parameterised ones', () => {
    const x = tensor(b, [6], [-2, -0.5, 0, 0.5, 2, NaN], 'float64');
    expect(run(b, 'unary', { x }, { op: 'relu' }).values).toEqual([0, 0, 0, 0.5, 2, NaN]);
    expect(run(b, 'unary', { x }, { op: 'leakyRelu', alpha: 0.1 }).values).toEqual([-0.2, -0.05, 0, 0.5, 2, NaN]);
    expect(run(b, 'unary', { x }, { op: 'clamp', alpha: -1, beta: 1 }).values).toEqual([-1, -0.5, 0, 0.5, 1, NaN]);
    expect(run(b, 'unary', { x }, { op: 'round' }).values).toEqual([-2, -0, 0, 0, 2, NaN]);
    expect(run(b, 'unary', { x }, { op: 'isNaN' })).toMatchObject({ dtype: 'bool', values: [0, 0, 0, 0, 0, 1] });
    const elu = run(b, 'unary', { x }, { op: 'elu', alpha: 2 }).values;
    expect(elu[0]).toBeCloseTo(2 * (Math.exp(-2) - 1), 14);
  });

  it('rounds half to even', () => {
    const x = tensor(b, [8], [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4999, 3.5]);
    expect(run(b, 'unary', { x }, { op: 'round' }).values).toEqual([0, 2, 2, -0, -2, -2, 2, 4]);
  });

  it('erf and gelu match known values', () => {
    const x = tensor(b, [5], [0, 0.5, 1, -2, 1e-10], 'float64');
    const erf = run(b, 'unary', { x }, { op: 'erf' }).values;
    [0, 0.5204998778130465, 0.8427007929497149, -0.9953222650189527, 1.1283791670955126e-10].forEach((v, i) => expect(erf[i]).toBeCloseTo(v, 15));
    const gelu = run(b, 'unary', { x }, { op: 'gelu' }).values;
    expect(gelu[2]).toBeCloseTo(0.8413447460685429, 15);
    expect(gelu[3]).toBeCloseTo(-2 * 0.022750131948179195, 15);
  });

  it('softplus and sigmoid are stable at the extremes', () => {
    const x = tensor(b, [4], [-1000, 1000, 0, -Infinity], 'float64');
    expect(run(b, 'unary', { x }, { op: 'softplus' }).values).toEqual([0, 1000, Math.LN2, 0]);
    expect(run(b, 'unary', { x }, { op: 'sigmoid' }).values).toEqual([0, 1, 0.5, 0]);
  });

  it('int32 ops wrap like int32, and float-only ops refuse int32', () => {
    const x = tensor(b, [4], [-2147483648, -3, 0, 46341], 'int32');
    expect(run(b, 'unary', { x }, { op: 'neg' }).values).toEqual([-2147483648, 3, 0, -46341]);
    expect(run(b, 'unary', { x }, { op: 'abs' }).values).toEqual([-2147483648, 3, 0, 46341]);
    expect(run(b, 'unary', { x }, { op: 'square' }).values).toEqual([0, 9, 0, -2147479015]);
    expect(() => b.run('unary', { x }, { op: 'exp' })).toThrow(DTypeError);
    expect(() => b.run('unary', { x }, { op: 'logicalNot' })).toThrow(/expected bool/);
  });
});

describe('binary', () => {
  it('int32 div truncates; mod and floorDiv follow Python', () => {
    const a = tensor(b, [4], [7, -7, 7, -7], 'int32');
    const d = tensor(b, [4], [2, 2, -2, -2], 'int32');
    expect(run(b, 'binary', { a, b: d }, { op: 'div' }).values).toEqual([3, -3, -3, 3]);
    expect(run(b, 'binary', { a, b: d }, { op: 'mod' }).values).toEqual([1, 1, -1, -1]);
    expect(run(b, 'binary', { a, b: d }, { op: 'floorDiv' }).values).toEqual([3, -4, -4, 3]);
  });

  it('float mod and floorDiv follow Python', () => {
    const a = tensor(b, [4], [7.5, -7.5, 7.5, -7.5], 'float64');
    const d = tensor(b, [4], [2, 2, -2, -2], 'float64');
    expect(run(b, 'binary', { a, b: d }, { op: 'mod' }).values).toEqual([1.5, 0.5, -0.5, -1.5]);
    expect(run(b, 'binary', { a, b: d }, { op: 'floorDiv' }).values).toEqual([3, -4, -4, 3]);
  });

  it('int32 arithmetic wraps, pow is exact, and division by zero gives 0', () => {
    const a = tensor(b, [4], [2147483647, 3, 2, 5], 'int32');
    const c = tensor(b, [4], [1, 21, -1, 0], 'int32');
    expect(run(b, 'binary', { a, b: c }, { op: 'add' }).values).toEqual([-2147483648, 24, 1, 5]);
    // 3^21 = 10460353203 ≡ 1870418611 (mod 2^32)
    expect(run(b, 'binary', { a, b: c }, { op: 'pow' }).values).toEqual([2147483647, 1870418611, 0, 1]);
    expect(run(b, 'binary', { a, b: c }, { op: 'div' }).values).toEqual([2147483647, 0, -2, 0]);
  });

  it('uint8 wraps modulo 256', () => {
    const a = tensor(b, [2], [250, 3], 'uint8');
    const c = tensor(b, [2], [10, 5], 'uint8');
    expect(run(b, 'binary', { a, b: c }, { op: 'add' }).values).toEqual([4, 8]);
    expect(run(b, 'binary', { a, b: c }, { op: 'sub' }).values).toEqual([240, 254]);
  });

  it('maximum and minimum propagate NaN', () => {
    const a = tensor(b, [3], [NaN, 1, 2]);
    const c = tensor(b, [3], [0, NaN, 1]);
    expect(run(b, 'binary', { a, b: c }, { op: 'maximum' }).values).toEqual([NaN, NaN, 2]);
    expect(run(b, 'binary', { a, b: c }, { op: 'minimum' }).values).toEqual([NaN, NaN, 1]);
  });

  it('broadcasts: scalar, row, column and middle dims', () => {
    const x = tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]);
    expect(run(b, 'binary', { a: x, b: tensor(b, [], [10]) }, { op: 'add' }).values).toEqual([11, 12, 13, 14, 15, 16]);
    expect(run(b, 'binary', { a: tensor(b, [1], [10]), b: x }, { op: 'sub' }).values).toEqual([9, 8, 7, 6, 5, 4]);
    expect(run(b, 'binary', { a: x, b: tensor(b, [3], [1, 10, 100]) }, { op: 'mul' }).values).toEqual([1, 20, 300, 4, 50, 600]);
    expect(run(b, 'binary', { a: x, b: tensor(b, [2, 1], [1, 2]) }, { op: 'div' }).values).toEqual([1, 2, 3, 2, 2.5, 3]);
    const outer = run(b, 'binary', { a: tensor(b, [2, 1, 2], [1, 2, 3, 4]), b: tensor(b, [3, 1], [10, 20, 30]) }, { op: 'add' });
    expect(outer.shape).toEqual([2, 3, 2]);
    expect(outer.values).toEqual([11, 12, 21, 22, 31, 32, 13, 14, 23, 24, 33, 34]);
  });

  it('handles empty dims and rejects bad shapes and dtypes', () => {
    const e = run(b, 'binary', { a: tensor(b, [0, 3], []), b: tensor(b, [3], [1, 2, 3]) }, { op: 'add' });
    expect(e.shape).toEqual([0, 3]);
    expect(() => b.run('binary', { a: tensor(b, [2], [1, 2]), b: tensor(b, [3], [1, 2, 3]) }, { op: 'add' })).toThrow(ShapeError);
    expect(() => b.run('binary', { a: tensor(b, [1], [1]), b: tensor(b, [1], [1], 'float64') }, { op: 'add' })).toThrow(DTypeError);
    expect(() => b.run('binary', { a: tensor(b, [1], [1], 'int32'), b: tensor(b, [1], [1], 'int32') }, { op: 'atan2' })).toThrow(DTypeError);
  });
});

describe('compare, logical, where', () => {
  it('NaN compares false except notEqual', () => {
    const a = tensor(b, [3], [NaN, 1, 2]);
    const c = tensor(b, [3], [NaN, 1, 3]);
    expect(run(b, 'compare', { a, b: c }, { op: 'equal' }).values).toEqual([0, 1, 0]);
    expect(run(b, 'compare', { a, b: c }, { op: 'notEqual' }).values).toEqual([1, 0, 1]);
    expect(run(b, 'compare', { a, b: c }, { op: 'lessEqual' }).values).toEqual([0, 1, 1]);
  });

  it('logical ops and where broadcast', () => {
    const t = tensor(b, [2, 1], [1, 0], 'bool');
    const u = tensor(b, [2], [1, 0], 'bool');
    expect(run(b, 'logical', { a: t, b: u }, { op: 'logicalXor' }).values).toEqual([0, 1, 1, 0]);
    const w = run(b, 'where', { condition: t, a: tensor(b, [2], [1, 2]), b: tensor(b, [], [-1]) }, {});
    expect(w).toMatchObject({ shape: [2, 2], values: [1, 2, -1, -1] });
  });
});
