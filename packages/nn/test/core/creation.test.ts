import { describe, expect, it } from 'vitest';
import { Generator, ShapeError, arange, eye, full, linspace, manualSeed, ones, rand, randint, randn, scalar, tensor, zeros, zerosLike } from '../../src/index.js';

describe('creation', () => {
  it('tensor infers shape and dtype from nested arrays', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.dtype).toBe('float32');
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor([true, false]).dtype).toBe('bool');
    expect(tensor([true, false]).toArray()).toEqual([true, false]);
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(tensor([1.7, -2.2], { dtype: 'int32' }).toArray()).toEqual([1, -2]);
  });

  it('tensor accepts a flat typed array with a shape, and copies it', () => {
    const src = new Float32Array([1, 2, 3, 4, 5, 6]);
    const t = tensor(src, { shape: [3, 2] });
    src[0] = 99;
    expect(t.toArray()).toEqual([[1, 2], [3, 4], [5, 6]]);
  });

  it('rejects ragged arrays and mismatched shapes with a ShapeError', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ShapeError);
    expect(() => tensor([[1, 2], [3]])).toThrow(/ragged.*\[1\]/);
    expect(() => tensor(new Float32Array(5), { shape: [2, 3] })).toThrow(/5 values cannot have shape \[2, 3\]/);
    expect(() => zeros([2, -1])).toThrow(ShapeError);
  });

  it('scalars, empty tensors and item()', () => {
    expect(scalar(3.5).shape).toEqual([]);
    expect(scalar(3.5).item()).toBe(3.5);
    const e = zeros([0, 3]);
    expect(e.size).toBe(0);
    expect(e.toArray()).toEqual([]);
    expect(() => ones([2]).item()).toThrow(/2 elements/);
  });

  it('full, zeros, ones, zerosLike, eye', () => {
    expect(full([2, 2], 7, { dtype: 'int32' }).toArray()).toEqual([[7, 7], [7, 7]]);
    expect(zerosLike(ones([2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  it('arange and linspace', () => {
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(5).dtype).toBe('int32');
    expect(arange(1, 2, 0.25).toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(() => arange(0, 1, 0)).toThrow(RangeError);
  });

  it('random tensors are reproducible from a seed and have the right statistics', () => {
    manualSeed(42);
    const a = rand([1000]).dataSync();
    manualSeed(42);
    const b = rand([1000]).dataSync();
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...a)).toBeLessThan(1);
    const n = Array.from(randn([20000], { generator: new Generator(7) }).dataSync());
    const mean = n.reduce((s, v) => s + v, 0) / n.length;
    const std = Math.sqrt(n.reduce((s, v) => s + (v - mean) ** 2, 0) / n.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(std - 1)).toBeLessThan(0.03);
    const r = randint(-3, 4, [5000]).dataSync();
    expect(Math.min(...r)).toBe(-3);
    expect(Math.max(...r)).toBe(3);
    expect(randint(0, 2, [3]).dtype).toBe('int32');
  });

  it('separate generators give independent, repeatable streams', () => {
    const g1 = new Generator(1);
    const x1 = rand([4], { generator: g1 }).dataSync();
    const x2 = rand([4], { generator: g1 }).dataSync();
    expect(Array.from(x1)).not.toEqual(Array.from(x2));
    const again = rand([4], { generator: new Generator(1) }).dataSync();
    expect(Array.from(again)).toEqual(Array.from(x1));
  });
});
