import { ShapeError, keep, memory, tensor } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { defaultCollate } from '../src/index.js';
import type { HostImage } from '../src/index.js';
import { img, img8 } from './helpers.js';

describe('defaultCollate', () => {
  it('[image, label] samples → float32 [N, C, H, W] and int32 [N], values converted not scaled', () => {
    const a = img8([[[0, 255], [3, 4]]]);
    const b = img8([[[5, 6], [7, 8]]]);
    const [x, y] = defaultCollate<[HostImage, number]>([[a, 3], [b, 9]]);
    expect(x.shape).toEqual([2, 1, 2, 2]);
    expect(x.dtype).toBe('float32');
    expect(Array.from(x.dataSync())).toEqual([0, 255, 3, 4, 5, 6, 7, 8]);
    expect(y.dtype).toBe('int32');
    expect(y.shape).toEqual([2]);
    expect(Array.from(y.dataSync())).toEqual([3, 9]);
    x.dispose();
    y.dispose();
  });

  it('float images keep their values; non-integer numbers give float32', () => {
    const [x, y] = defaultCollate<[HostImage, number]>([[img([[[0.25]], [[0.5]]]), 0.5], [img([[[1]], [[-1]]]), 2]]);
    expect(x.shape).toEqual([2, 2, 1, 1]);
    expect(Array.from(x.dataSync())).toEqual([0.25, 0.5, 1, -1]);
    expect(y.dtype).toBe('float32');
    expect(Array.from(y.dataSync())).toEqual([0.5, 2]);
    x.dispose();
    y.dispose();
  });

  it('typed arrays → [N, L] of their dtype; strings → list; objects → key by key', () => {
    const batch = defaultCollate([
      { v: Float32Array.from([1, 2]), ids: Int32Array.from([7]), name: 'a', n: 1 },
      { v: Float32Array.from([3, 4]), ids: Int32Array.from([8]), name: 'b', n: 2 },
    ]);
    expect(batch.v.shape).toEqual([2, 2]);
    expect(batch.v.dtype).toBe('float32');
    expect(Array.from(batch.v.dataSync())).toEqual([1, 2, 3, 4]);
    expect(batch.ids.dtype).toBe('int32');
    expect(batch.ids.shape).toEqual([2, 1]);
    expect(batch.name).toEqual(['a', 'b']);
    expect(Array.from(batch.n.dataSync())).toEqual([1, 2]);
    [batch.v, batch.ids, batch.n].forEach((t) => t.dispose());
  });

  it('tensor samples are stacked and the (unkept) sample tensors freed', () => {
    const kept = keep(tensor([9, 9]));
    const before = memory().tensors;
    const samples = [[tensor([1, 2]), tensor(0, { dtype: 'int32' })], [tensor([3, 4]), tensor(1, { dtype: 'int32' })], [kept, tensor(2, { dtype: 'int32' })]];
    const [x, y] = defaultCollate(samples);
    expect(x!.toArray()).toEqual([[1, 2], [3, 4], [9, 9]]);
    expect(y!.dtype).toBe('int32');
    expect(y!.toArray()).toEqual([0, 1, 2]);
    expect(kept.isDisposed).toBe(false);
    expect(samples[0]![0]!.isDisposed).toBe(true);
    expect(memory().tensors).toBe(before + 2);
    x!.dispose();
    y!.dispose();
    kept.dispose();
  });

  it('images of different sizes are a ShapeError naming the sample and suggesting a fix', () => {
    const a = img([[[1, 2]]]);
    const b = img([[[1, 2, 3]]]);
    expect(() => defaultCollate([[a, 0], [a, 1], [b, 2]])).toThrow(
      new ShapeError('collate: [0] of sample 2 in the batch has shape [1, 1, 3] but [0] of sample 0 has [1, 1, 2]; resize or crop to one size, or pass a custom collate'),
    );
  });

  it('mixed kinds, unsupported values and an empty batch are TypeErrors', () => {
    expect(() => defaultCollate<unknown>([1, 'a'])).toThrow(new TypeError('collate: sample 1 is string but sample 0 is number'));
    expect(() => defaultCollate<unknown>([true, false])).toThrow(new TypeError('collate: cannot batch samples of type boolean; pass a custom collate to the DataLoader'));
    expect(() => defaultCollate([])).toThrow(TypeError);
    expect(() => defaultCollate([[1, 2], [1]])).toThrow(new ShapeError('collate: sample 1 has 1 elements but sample 0 has 2'));
    expect(() => defaultCollate([{ a: [1] }, { a: ['x'] }])).toThrow(new TypeError('collate: .a[0] of sample 1 is string but .a[0] of sample 0 is number'));
  });
});
