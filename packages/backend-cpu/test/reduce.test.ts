import { DTypeError, ShapeError } from '@pistil/backend';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { range, run, tensor } from './helpers.js';

const b = new CpuBackend();

describe('reduce', () => {
  const x = tensor(b, [2, 3, 4], range(24));

  it('reduces inner, outer, middle and split axes, keeping them as size 1', () => {
    expect(run(b, 'reduce', { x }, { op: 'sum', axes: [2] })).toMatchObject({ shape: [2, 3, 1], values: [6, 22, 38, 54, 70, 86] });
    expect(run(b, 'reduce', { x }, { op: 'sum', axes: [0] }).values).toEqual(range(12).map((i) => 2 * i + 12));
    expect(run(b, 'reduce', { x }, { op: 'max', axes: [1] })).toMatchObject({ shape: [2, 1, 4], values: [8, 9, 10, 11, 20, 21, 22, 23] });
    expect(run(b, 'reduce', { x }, { op: 'sum', axes: [0, 2] })).toMatchObject({ shape: [1, 3, 1], values: [60, 92, 124] });
    expect(run(b, 'reduce', { x }, { op: 'mean', axes: [0, 1, 2] })).toMatchObject({ shape: [1, 1, 1], values: [11.5] });
    expect(run(b, 'reduce', { x }, { op: 'min', axes: [] }).values).toEqual(range(24));
  });

  it('gives the identities of empty axes', () => {
    const e = tensor(b, [2, 0], []);
    expect(run(b, 'reduce', { x: e }, { op: 'sum', axes: [1] }).values).toEqual([0, 0]);
    expect(run(b, 'reduce', { x: e }, { op: 'prod', axes: [1] }).values).toEqual([1, 1]);
    expect(run(b, 'reduce', { x: e }, { op: 'max', axes: [1] }).values).toEqual([-Infinity, -Infinity]);
    expect(run(b, 'reduce', { x: e }, { op: 'min', axes: [1] }).values).toEqual([Infinity, Infinity]);
    expect(run(b, 'reduce', { x: e }, { op: 'mean', axes: [1] }).values).toEqual([NaN, NaN]);
    const eb = tensor(b, [2, 0], [], 'bool');
    expect(run(b, 'reduce', { x: eb }, { op: 'any', axes: [1] }).values).toEqual([0, 0]);
    expect(run(b, 'reduce', { x: eb }, { op: 'all', axes: [1] }).values).toEqual([1, 1]);
    expect(() => b.run('reduce', { x: tensor(b, [2, 0], [], 'int32') }, { op: 'max', axes: [1] })).toThrow(ShapeError);
  });

  it('propagates NaN in max/min, sums bool and uint8 as int32', () => {
    const n = tensor(b, [4], [1, NaN, 3, -Infinity]);
    expect(run(b, 'reduce', { x: n }, { op: 'max', axes: [0] }).values).toEqual([NaN]);
    expect(run(b, 'reduce', { x: n }, { op: 'min', axes: [0] }).values).toEqual([NaN]);
    expect(run(b, 'reduce', { x: tensor(b, [3], [1, 0, 1], 'bool') }, { op: 'sum', axes: [0] })).toMatchObject({ dtype: 'int32', values: [2] });
    expect(run(b, 'reduce', { x: tensor(b, [2], [200, 100], 'uint8') }, { op: 'sum', axes: [0] })).toMatchObject({ dtype: 'int32', values: [300] });
    expect(run(b, 'reduce', { x: tensor(b, [2], [65536, 65537], 'int32') }, { op: 'prod', axes: [0] }).values).toEqual([65536]);
  });

  it('checks axes and dtypes', () => {
    expect(() => b.run('reduce', { x }, { op: 'sum', axes: [2, 1] })).toThrow(ShapeError);
    expect(() => b.run('reduce', { x }, { op: 'sum', axes: [3] })).toThrow(ShapeError);
    expect(() => b.run('reduce', { x: tensor(b, [1], [1], 'int32') }, { op: 'mean', axes: [0] })).toThrow(DTypeError);
    expect(() => b.run('reduce', { x }, { op: 'any', axes: [0] })).toThrow(DTypeError);
  });
});

describe('argReduce', () => {
  it('takes the first of ties and the first NaN, along any axis', () => {
    const x = tensor(b, [2, 4], [1, 3, 3, 0, NaN, 5, NaN, 5]);
    expect(run(b, 'argReduce', { x }, { op: 'argmax', axis: 1 })).toMatchObject({ shape: [2, 1], dtype: 'int32', values: [1, 0] });
    expect(run(b, 'argReduce', { x }, { op: 'argmin', axis: 1 }).values).toEqual([3, 0]);
    expect(run(b, 'argReduce', { x }, { op: 'argmax', axis: 0 })).toMatchObject({ shape: [1, 4], values: [1, 1, 1, 1] });
    expect(() => b.run('argReduce', { x: tensor(b, [2, 0], []) }, { op: 'argmax', axis: 1 })).toThrow(ShapeError);
  });
});
