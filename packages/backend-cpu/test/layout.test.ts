import { DTypeError, ShapeError, normalAt, uniformAt } from '@pistil/backend';
import { describe, expect, it } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { range, run, tensor } from './helpers.js';

const b = new CpuBackend();

describe('slice', () => {
  it('walks negative steps backwards', () => {
    const x = tensor(b, [2, 4], range(8));
    // rows 1, 0 and columns 3, 1
    expect(run(b, 'slice', { x }, { begin: [1, 3], size: [2, 2], step: [-1, -2] })).toMatchObject({ shape: [2, 2], values: [7, 5, 3, 1] });
    expect(run(b, 'slice', { x }, { begin: [0, 1], size: [2, 0], step: [1, 1] }).shape).toEqual([2, 0]);
  });

  it('names the reads that fall outside x', () => {
    const x = tensor(b, [2, 4], range(8));
    expect(() => b.run('slice', { x }, { begin: [0, 1], size: [1, 3], step: [1, -1] })).toThrow(/dim 1 would read indices 1 to -1 of 4/);
    expect(() => b.run('slice', { x }, { begin: [0, 0], size: [1, 1], step: [1, 0] })).toThrow(ShapeError);
  });
});

describe('pad', () => {
  const x = tensor(b, [3], [1, 2, 3]);
  it('constant, reflect (without the edge) and replicate', () => {
    expect(run(b, 'pad', { x }, { pads: [[2, 2]], mode: 'constant', value: 9 }).values).toEqual([9, 9, 1, 2, 3, 9, 9]);
    expect(run(b, 'pad', { x }, { pads: [[2, 2]], mode: 'reflect', value: 0 }).values).toEqual([3, 2, 1, 2, 3, 2, 1]);
    expect(run(b, 'pad', { x }, { pads: [[2, 2]], mode: 'replicate', value: 0 }).values).toEqual([1, 1, 1, 2, 3, 3, 3]);
  });

  it('reflects in two dims', () => {
    const m = tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]);
    const out = run(b, 'pad', { x: m }, { pads: [[1, 1], [2, 0]], mode: 'reflect', value: 0 });
    expect(out.shape).toEqual([4, 5]);
    expect(out.values).toEqual([6, 5, 4, 5, 6, 3, 2, 1, 2, 3, 6, 5, 4, 5, 6, 3, 2, 1, 2, 3]);
  });

  it('rejects reflect pads as large as the dim, and replicating an empty dim', () => {
    expect(() => b.run('pad', { x }, { pads: [[3, 0]], mode: 'reflect', value: 0 })).toThrow(ShapeError);
    expect(() => b.run('pad', { x: tensor(b, [0], []) }, { pads: [[1, 0]], mode: 'replicate', value: 0 })).toThrow(ShapeError);
    expect(run(b, 'pad', { x: tensor(b, [0, 2], []) }, { pads: [[1, 0], [0, 1]], mode: 'constant', value: 4 }).values).toEqual([4, 4, 4]);
  });
});

describe('transpose, broadcastTo, concat', () => {
  it('transposes any perm, including the tiled 2-D case', () => {
    const x = tensor(b, [2, 3, 4], range(24));
    const t = run(b, 'transpose', { x }, { perm: [2, 0, 1] });
    expect(t.shape).toEqual([4, 2, 3]);
    expect(t.values.slice(0, 7)).toEqual([0, 4, 8, 12, 16, 20, 1]);
    const big = tensor(b, [70, 45], range(70 * 45));
    const bt = run(b, 'transpose', { x: big }, { perm: [1, 0] });
    expect(bt.values[1]).toBe(45);
    expect(bt.values[44 * 70 + 69]).toBe(69 * 45 + 44);
  });

  it('broadcasts and concatenates', () => {
    expect(run(b, 'broadcastTo', { x: tensor(b, [2, 1], [1, 2]) }, { shape: [3, 2, 2] }).values).toEqual([1, 1, 2, 2, 1, 1, 2, 2, 1, 1, 2, 2]);
    expect(() => b.run('broadcastTo', { x: tensor(b, [2], [1, 2]) }, { shape: [1] })).toThrow(ShapeError);
    const c = run(b, 'concat', { xs: [tensor(b, [2, 1], [1, 2]), tensor(b, [2, 0], []), tensor(b, [2, 2], [3, 4, 5, 6])] }, { axis: 1 });
    expect(c).toMatchObject({ shape: [2, 3], values: [1, 3, 4, 2, 5, 6] });
  });
});

describe('gather and scatterAdd', () => {
  const x = tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]);
  it('gathers along an axis with an index tensor of any shape', () => {
    const idx = tensor(b, [2, 2], [2, 0, 0, 0], 'int32');
    expect(run(b, 'gather', { x, indices: idx }, { axis: 1 })).toMatchObject({ shape: [2, 2, 2], values: [3, 1, 1, 1, 6, 4, 4, 4] });
    expect(run(b, 'gather', { x, indices: tensor(b, [1], [1], 'int32') }, { axis: 0 }).values).toEqual([4, 5, 6]);
  });

  it('scatterAdd adds repeated indices', () => {
    const upd = tensor(b, [2, 3], [1, 2, 3, 4, 5, 6]);
    const idx = tensor(b, [3], [1, 1, 0], 'int32');
    expect(run(b, 'scatterAdd', { updates: upd, indices: idx }, { axis: 1, shape: [2, 2] }).values).toEqual([3, 3, 6, 9]);
  });

  it('names the bad index and where it is', () => {
    const idx = tensor(b, [2, 2], [0, 1, 3, 0], 'int32');
    expect(() => b.run('gather', { x, indices: idx }, { axis: 1 })).toThrow(/index 3 at position \[1, 0\].*\[0, 3\)/);
    expect(() => b.run('scatterAdd', { updates: tensor(b, [1], [1]), indices: tensor(b, [1], [-1], 'int32') }, { axis: 0, shape: [2] })).toThrow(/index -1 at position \[0\]/);
    expect(() => b.run('gather', { x, indices: tensor(b, [1], [0]) }, { axis: 0 })).toThrow(DTypeError);
  });
});

describe('cast, fill, random', () => {
  it('cast truncates, saturates and maps NaN to 0; bool is x ≠ 0', () => {
    const x = tensor(b, [7], [1.9, -1.9, NaN, 3e9, -3e9, 300, -0.5]);
    expect(run(b, 'cast', { x }, { dtype: 'int32' }).values).toEqual([1, -1, 0, 2147483647, -2147483648, 300, 0]);
    expect(run(b, 'cast', { x }, { dtype: 'uint8' }).values).toEqual([1, 0, 0, 255, 0, 255, 0]);
    expect(run(b, 'cast', { x }, { dtype: 'bool' }).values).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(run(b, 'cast', { x: tensor(b, [2], [0, 2], 'bool') }, { dtype: 'float32' }).values).toEqual([0, 1]);
    expect(run(b, 'cast', { x: tensor(b, [1], [1 + 2 ** -40], 'float64') }, { dtype: 'float32' }).values).toEqual([1]);
  });

  it('fill stores the value as its dtype would', () => {
    expect(run(b, 'fill', {}, { shape: [2], dtype: 'int32', value: -2.7 }).values).toEqual([-2, -2]);
    expect(run(b, 'fill', {}, { shape: [1], dtype: 'bool', value: 0.5 }).values).toEqual([1]);
    expect(run(b, 'fill', {}, { shape: [0, 3], dtype: 'float32', value: 1 }).values).toEqual([]);
  });

  it('random follows the shared stream exactly', () => {
    const u = run(b, 'random', {}, { shape: [5], dtype: 'float64', distribution: 'uniform', a: -1, b: 3, seed: 42 });
    expect(u.values).toEqual(range(5).map((i) => -1 + 4 * uniformAt(42, i)));
    const n = run(b, 'random', {}, { shape: [2, 2], dtype: 'float32', distribution: 'normal', a: 1, b: 2, seed: 7 });
    expect(n.values).toEqual(Array.from(new Float32Array(range(4).map((i) => 1 + 2 * normalAt(7, i)))));
  });
});
