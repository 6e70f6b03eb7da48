/** The reference's elementwise, reduction and creation kernels on hand-computed examples. */
import { describe, expect, it } from 'vitest';
import { normalAt, uniformAt } from '../src/index.js';
import { erf } from '../src/testing/reference/index.js';
import { ref, t, values } from './support/hand.js';

describe('reference unary', () => {
  it('rounds half to even and keeps NaN/Inf', () => {
    expect(values('unary', { x: t([8], [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.6, NaN]) }, { op: 'round' })).toEqual([-2, -2, 0, 0, 2, 2, 3, NaN]);
    expect(values('unary', { x: t([2], [Infinity, -Infinity]) }, { op: 'round' })).toEqual([Infinity, -Infinity]);
  });

  it('erf and gelu match tabulated values', () => {
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 15);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 15);
    expect(erf(-1)).toBeCloseTo(-0.8427007929497149, 15);
    expect(erf(7)).toBe(1);
    const [g1, gm1] = values('unary', { x: t([2], [1, -1]) }, { op: 'gelu' });
    expect(g1).toBeCloseTo(0.8413447460685429, 14); // Φ(1)
    expect(gm1).toBeCloseTo(-0.15865525393145707, 14);
  });

  it('softplus is stable, sigmoid saturates, elu/leakyRelu/clamp use alpha and beta', () => {
    const [s1, s2, s3] = values('unary', { x: t([3], [-30, 0, 800]) }, { op: 'softplus' });
    expect(s1! / 9.357622968840175e-14).toBeCloseTo(1, 12);
    expect(s2).toBeCloseTo(Math.LN2, 15);
    expect(s3).toBe(800);
    expect(values('unary', { x: t([3], [-1e30, 0, 1e30]) }, { op: 'sigmoid' })).toEqual([0, 0.5, 1]);
    expect(values('unary', { x: t([2], [-2, 3]) }, { op: 'leakyRelu', alpha: 0.1 })).toEqual([-0.2, 3]);
    expect(values('unary', { x: t([2], [-1, 3]) }, { op: 'elu', alpha: 2 })).toEqual([2 * (Math.exp(-1) - 1), 3]);
    expect(values('unary', { x: t([4], [-5, 0.5, 5, NaN]) }, { op: 'clamp', alpha: -1, beta: 2 })).toEqual([-1, 0.5, 2, NaN]);
  });

  it('predicates give bool', () => {
    expect(ref('unary', { x: t([4], [NaN, Infinity, -1, 0]) }, { op: 'isFinite' })).toEqual({ shape: [4], dtype: 'bool', values: [0, 0, 1, 1] });
    expect(values('unary', { x: t([2], [1, 0], 'bool') }, { op: 'logicalNot' })).toEqual([0, 1]);
  });
});

describe('reference binary, compare, logical, where', () => {
  it('int32 div truncates; mod and floorDiv follow Python; pow truncates', () => {
    const a = t([4], [7, -7, 7, -7], 'int32');
    const b = t([4], [2, 2, -2, -2], 'int32');
    expect(values('binary', { a, b }, { op: 'div' })).toEqual([3, -3, -3, 3]);
    expect(values('binary', { a, b }, { op: 'mod' })).toEqual([1, 1, -1, -1]);
    expect(values('binary', { a, b }, { op: 'floorDiv' })).toEqual([3, -4, -4, 3]);
    expect(values('binary', { a: t([3], [2, 2, -2], 'int32'), b: t([3], [-1, 3, 3], 'int32') }, { op: 'pow' })).toEqual([0, 8, -8]);
  });

  it('int32 pow wraps around 2³²; float pow follows C for bases ±1', () => {
    const a = t([4], [2, 2, 3, -1], 'int32');
    const b = t([4], [31, 32, 21, -3], 'int32');
    expect(values('binary', { a, b }, { op: 'pow' })).toEqual([-2147483648, 0, 10460353203 - 2 * 4294967296, -1]);
    expect(values('binary', { a: t([4], [1, -1, -1, 2]), b: t([4], [NaN, Infinity, -Infinity, 0.5]) }, { op: 'pow' })).toEqual([1, 1, 1, Math.SQRT2]);
  });

  it('float mod has the sign of the divisor', () => {
    expect(values('binary', { a: t([3], [5.5, -5.5, 5.5]), b: t([3], [2, 2, -2]) }, { op: 'mod' })).toEqual([1.5, 0.5, -0.5]);
  });

  it('broadcasts [2, 1] with [3]', () => {
    expect(ref('binary', { a: t([2, 1], [10, 20]), b: t([3], [1, 2, 3]) }, { op: 'add' })).toEqual({ shape: [2, 3], dtype: 'float64', values: [11, 12, 13, 21, 22, 23] });
  });

  it('maximum/minimum propagate NaN', () => {
    expect(values('binary', { a: t([2], [NaN, 1]), b: t([2], [1, NaN]) }, { op: 'maximum' })).toEqual([NaN, NaN]);
  });

  it('NaN compares false except notEqual', () => {
    const a = t([2], [NaN, 1]);
    const b = t([2], [NaN, 1]);
    expect(values('compare', { a, b }, { op: 'equal' })).toEqual([0, 1]);
    expect(values('compare', { a, b }, { op: 'notEqual' })).toEqual([1, 0]);
    expect(values('compare', { a, b }, { op: 'lessEqual' })).toEqual([0, 1]);
  });

  it('logical xor and where broadcast', () => {
    expect(values('logical', { a: t([4], [0, 0, 1, 1], 'bool'), b: t([4], [0, 1, 0, 1], 'bool') }, { op: 'logicalXor' })).toEqual([0, 1, 1, 0]);
    expect(ref('where', { condition: t([2, 1], [1, 0], 'bool'), a: t([2], [1, 2]), b: t([], [9]) }, {})).toEqual({ shape: [2, 2], dtype: 'float64', values: [1, 2, 9, 9] });
  });
});

describe('reference reduce and argReduce', () => {
  const x = t([2, 3], [1, 2, 3, 4, 5, 6]);

  it('keeps reduced axes as size 1', () => {
    expect(ref('reduce', { x }, { op: 'sum', axes: [1] })).toEqual({ shape: [2, 1], dtype: 'float64', values: [6, 15] });
    expect(ref('reduce', { x }, { op: 'prod', axes: [0] })).toEqual({ shape: [1, 3], dtype: 'float64', values: [4, 10, 18] });
    expect(values('reduce', { x }, { op: 'mean', axes: [0, 1] })).toEqual([3.5]);
    expect(values('reduce', { x }, { op: 'max', axes: [] })).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('gives identities on empty axes and int32 sums of bools', () => {
    const empty = t([2, 0], []);
    expect(values('reduce', { x: empty }, { op: 'sum', axes: [1] })).toEqual([0, 0]);
    expect(values('reduce', { x: empty }, { op: 'prod', axes: [1] })).toEqual([1, 1]);
    expect(values('reduce', { x: empty }, { op: 'max', axes: [1] })).toEqual([-Infinity, -Infinity]);
    expect(values('reduce', { x: empty }, { op: 'min', axes: [1] })).toEqual([Infinity, Infinity]);
    expect(values('reduce', { x: empty }, { op: 'mean', axes: [1] })).toEqual([NaN, NaN]);
    expect(values('reduce', { x: t([0], [], 'bool') }, { op: 'all', axes: [0] })).toEqual([1]);
    expect(values('reduce', { x: t([0], [], 'bool') }, { op: 'any', axes: [0] })).toEqual([0]);
    expect(ref('reduce', { x: t([3], [1, 1, 0], 'bool') }, { op: 'sum', axes: [0] })).toEqual({ shape: [1], dtype: 'int32', values: [2] });
  });

  it('max propagates NaN; argmax takes the first tie and the first NaN', () => {
    expect(values('reduce', { x: t([3], [1, NaN, 3]) }, { op: 'max', axes: [0] })).toEqual([NaN]);
    expect(values('argReduce', { x: t([2, 4], [1, 3, 3, 0, 1, NaN, 5, NaN]) }, { op: 'argmax', axis: 1 })).toEqual([1, 1]);
    expect(ref('argReduce', { x: t([2, 2], [4, 1, 2, 1]) }, { op: 'argmin', axis: 0 })).toEqual({ shape: [1, 2], dtype: 'int32', values: [1, 0] });
  });
});

describe('reference cast, fill, random', () => {
  it('casts by truncating, saturating, NaN → 0, x ≠ 0 → bool', () => {
    const x = t([7], [-2.7, 2.7, NaN, 1e10, -1e10, 300, -0.5]);
    expect(values('cast', { x }, { dtype: 'int32' })).toEqual([-2, 2, 0, 2147483647, -2147483648, 300, 0]);
    expect(values('cast', { x }, { dtype: 'uint8' })).toEqual([0, 2, 0, 255, 0, 255, 0]);
    expect(values('cast', { x }, { dtype: 'bool' })).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(values('cast', { x: t([2], [-300, 256], 'int32') }, { dtype: 'uint8' })).toEqual([0, 255]);
    expect(values('cast', { x: t([2], [0.1, 1e39]) }, { dtype: 'float32' })).toEqual([Math.fround(0.1), Infinity]);
  });

  it('fills', () => {
    expect(ref('fill', {}, { shape: [2, 1], dtype: 'int32', value: -3 })).toEqual({ shape: [2, 1], dtype: 'int32', values: [-3, -3] });
  });

  it('random is the contract stream, scaled', () => {
    const u = values('random', {}, { shape: [3], dtype: 'float64', distribution: 'uniform', a: -1, b: 3, seed: 11 });
    expect(u).toEqual([0, 1, 2].map((i) => -1 + 4 * uniformAt(11, i)));
    const n = values('random', {}, { shape: [2], dtype: 'float64', distribution: 'normal', a: 5, b: 2, seed: 11 });
    expect(n).toEqual([0, 1].map((i) => 5 + 2 * normalAt(11, i)));
  });
});
