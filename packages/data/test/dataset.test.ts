import { Generator, ShapeError, keep, memory, tensor } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { ConcatDataset, MapDataset, Subset, TensorDataset, randomSplit } from '../src/index.js';
import type { Dataset, SampleContext } from '../src/index.js';

/** Samples are their own index: a dataset whose contents are easy to check. */
const indices = (n: number): Dataset<number> => ({ length: n, get: (i) => i });
const all = <T>(ds: Dataset<T>): Promise<T[]> => Promise.all(Array.from({ length: ds.length }, (_, i) => ds.get(i)));

describe('TensorDataset', () => {
  it('samples are the slices of each tensor along the first dim', () => {
    const x = keep(tensor([[1, 2], [3, 4], [5, 6]]));
    const y = keep(tensor([7, 8, 9], { dtype: 'int32' }));
    const ds = new TensorDataset(x, y);
    expect(ds.length).toBe(3);
    const [xi, yi] = ds.get(1);
    expect(xi!.toArray()).toEqual([3, 4]);
    expect(yi!.dtype).toBe('int32');
    expect(yi!.toArray()).toBe(8);
    xi!.dispose();
    yi!.dispose();
    x.dispose();
    y.dispose();
  });

  it('different first dims are a ShapeError listing the shapes; bad indices a RangeError', () => {
    const a = tensor([[1], [2]]);
    const b = tensor([1, 2, 3]);
    expect(() => new TensorDataset(a, b)).toThrow(new ShapeError('TensorDataset: every tensor needs the same first dim (the sample count), got shapes [2, 1], [3]'));
    expect(() => new TensorDataset()).toThrow(TypeError);
    expect(() => new TensorDataset(a).get(2)).toThrow(new RangeError('TensorDataset: index 2 is out of range for a dataset of 2 samples'));
    a.dispose();
    b.dispose();
  });

  it('fetching and disposing samples leaves the live-tensor count flat', () => {
    const x = tensor([[1, 2], [3, 4]]);
    const ds = new TensorDataset(x);
    const before = memory().tensors;
    for (let i = 0; i < 10; i++) ds.get(i % 2).forEach((t) => t.dispose());
    expect(memory().tensors).toBe(before);
    x.dispose();
  });
});

describe('Subset, ConcatDataset, MapDataset', () => {
  it('Subset picks the given indices in order', async () => {
    const sub = new Subset(indices(10), [9, 2, 2, 5]);
    expect(sub.length).toBe(4);
    expect(await all(sub)).toEqual([9, 2, 2, 5]);
    expect(() => new Subset(indices(3), [0, 3])).toThrow(new RangeError('Subset: index 3 is out of range for a dataset of 3 samples'));
    expect(() => sub.get(4)).toThrow(RangeError);
  });

  it('ConcatDataset chains datasets, crossing boundaries correctly', async () => {
    const a = new MapDataset(indices(3), (i) => `a${i}`);
    const b = new MapDataset(indices(0), (i) => `b${i}`);
    const c = new MapDataset(indices(2), (i) => `c${i}`);
    const ds = new ConcatDataset([a, b, c]);
    expect(ds.length).toBe(5);
    expect(ds.cumulativeSizes).toEqual([3, 3, 5]);
    expect(await all(ds)).toEqual(['a0', 'a1', 'a2', 'c0', 'c1']);
    expect(() => ds.get(5)).toThrow(new RangeError('ConcatDataset: index 5 is out of range for a dataset of 5 samples'));
    expect(() => new ConcatDataset([])).toThrow(TypeError);
  });

  it('map applies a function (sync or async) to samples, with the sample generator', async () => {
    const g = new Generator(1);
    const seen: Generator[] = [];
    const ds = new Subset(indices(4), [3, 1]).map((i, gen) => {
      seen.push(gen);
      return i * 10;
    });
    expect(ds.get(0, { generator: g })).toBe(30);
    expect(seen[0]).toBe(g);
    const asyncSource: Dataset<number> = { length: 2, get: async (i) => i + 1 };
    const doubled = new MapDataset(asyncSource, async (v) => v * 2);
    expect(await all(doubled)).toEqual([2, 4]);
  });

  it('wrappers pass the sample context through to the dataset', () => {
    const contexts: (SampleContext | undefined)[] = [];
    const source: Dataset<number> = { length: 3, get: (i, ctx) => (contexts.push(ctx), i) };
    const ctx = { generator: new Generator(2) };
    new Subset(source, [1]).get(0, ctx);
    new ConcatDataset([source]).get(2, ctx);
    expect(contexts).toEqual([ctx, ctx]);
  });
});

describe('randomSplit', () => {
  it('splits by lengths into disjoint subsets covering the dataset, fixed by the generator', async () => {
    const [a, b] = randomSplit(indices(10), [3, 7], new Generator(42));
    expect([a!.length, b!.length]).toEqual([3, 7]);
    const got = [...(await all(a!)), ...(await all(b!))];
    expect([...got].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(got).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const [a2] = randomSplit(indices(10), [3, 7], new Generator(42));
    expect(a2!.indices).toEqual(a!.indices);
    const [a3] = randomSplit(indices(10), [3, 7], new Generator(43));
    expect(a3!.indices).not.toEqual(a!.indices);
  });

  it('fractions round down and give the remainder one by one to the first subsets (as PyTorch)', () => {
    // 11 × [0.5, 0.3, 0.2] = 5.5, 3.3, 2.2 → 5, 3, 2 (10) → one left over → 6, 3, 2.
    expect(randomSplit(indices(11), [0.5, 0.3, 0.2], new Generator(0)).map((s) => s.length)).toEqual([6, 3, 2]);
    expect(randomSplit(indices(1), [0.5, 0.5], new Generator(0)).map((s) => s.length)).toEqual([1, 0]);
  });

  it('lengths that do not add up are a RangeError saying what is needed', () => {
    expect(() => randomSplit(indices(10), [3, 6])).toThrow(new RangeError("randomSplit: lengths [3, 6] must be integers summing to the dataset's length 10, or fractions summing to 1"));
    expect(() => randomSplit(indices(10), [-1, 11])).toThrow(/non-negative/);
  });
});
