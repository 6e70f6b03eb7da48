import { describe, expect, it } from 'vitest';
import { ShapeError, flatten, gradcheck, permute, randn, squeeze, t, tensor, transpose, unsqueeze, zeros } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { build, get, ref, toTensor } from './ref.js';

const f64 = { dtype: 'float64' as const };

describe('flatten', () => {
  it('merges a dim range, keeping values in row-major order', () => {
    const r = ref([2, 3, 4, 5]);
    const x = toTensor(r);
    const y = flatten(x, 1, 2);
    expect(y.shape).toEqual([2, 12, 5]);
    expectClose(y, r.data);
    expect(flatten(x).shape).toEqual([120]);
    expect(flatten(x, -2).shape).toEqual([2, 3, 20]);
    expect(x.flatten(0, -3).shape).toEqual([6, 4, 5]);
    expect(flatten(x, 2, 2).shape).toEqual([2, 3, 4, 5]);
    expect(flatten(zeros([2, 0, 3]), 1).shape).toEqual([2, 0]);
    expect(flatten(tensor(3)).shape).toEqual([1]);
  });

  it('gradient', () => {
    gradcheck((a) => flatten(a, 0, 1), [randn([2, 3, 2], f64)]);
  });

  it('rejects bad dims', () => {
    const x = zeros([2, 3]);
    expect(() => flatten(x, 2)).toThrow(ShapeError);
    expect(() => flatten(x, 0, -3)).toThrow(/^flatten: dim -3 is out of range/);
    expect(() => flatten(x, 1, 0)).toThrow(/^flatten: startDim 1 comes after endDim 0/);
  });
});

describe('squeeze / unsqueeze', () => {
  it('squeeze removes size-1 dims, all or the named ones; others are left alone', () => {
    const r = ref([1, 3, 1, 2]);
    const x = toTensor(r);
    expect(squeeze(x).shape).toEqual([3, 2]);
    expect(squeeze(x, 0).shape).toEqual([3, 1, 2]);
    expect(squeeze(x, -2).shape).toEqual([1, 3, 2]);
    expect(squeeze(x, [0, 2]).shape).toEqual([3, 2]);
    expect(squeeze(x, 1).shape).toEqual([1, 3, 1, 2]);
    expect(x.squeeze().shape).toEqual([3, 2]);
    expectClose(squeeze(x), r.data);
    expect(squeeze(tensor([[5]])).shape).toEqual([]);
    expect(squeeze(tensor(5)).shape).toEqual([]);
    expect(squeeze(zeros([0, 1])).shape).toEqual([0]);
  });

  it('unsqueeze inserts a size-1 dim anywhere in [−rank−1, rank]', () => {
    const x = toTensor(ref([2, 3]));
    expect(unsqueeze(x, 0).shape).toEqual([1, 2, 3]);
    expect(unsqueeze(x, 2).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(x, -1).shape).toEqual([2, 3, 1]);
    expect(unsqueeze(x, -3).shape).toEqual([1, 2, 3]);
    expect(x.unsqueeze(1).shape).toEqual([2, 1, 3]);
    expect(unsqueeze(tensor(1), 0).shape).toEqual([1]);
    expectClose(unsqueeze(x, 1), ref([2, 3]).data);
  });

  it('gradients', () => {
    gradcheck((a) => squeeze(a, 1), [randn([3, 1, 2], f64)]);
    gradcheck((a) => unsqueeze(a, -1), [randn([3, 2], f64)]);
  });

  it('rejects bad dims', () => {
    expect(() => squeeze(zeros([2, 1]), 2)).toThrow(ShapeError);
    expect(() => squeeze(zeros([2, 1]), -3)).toThrow(/^squeeze: dim -3/);
    expect(() => unsqueeze(zeros([2, 1]), 3)).toThrow(/^unsqueeze: dim 3 is out of range/);
    expect(() => unsqueeze(zeros([2, 1]), -4)).toThrow(ShapeError);
  });
});

describe('transpose / permute / t', () => {
  it('permute reorders dims: output dim i is input dim dims[i]', () => {
    const r = ref([2, 3, 4]);
    const y = permute(toTensor(r), [2, 0, 1]);
    expect(y.shape).toEqual([4, 2, 3]);
    expectClose(y, build([4, 2, 3], ([k, i, j]) => get(r, [i!, j!, k!])));
    const z = toTensor(r).permute([-1, -3, 1]);
    expectClose(z, build([4, 2, 3], ([k, i, j]) => get(r, [i!, j!, k!])));
    expect(permute(zeros([0, 3]), [1, 0]).shape).toEqual([3, 0]);
    expect(permute(tensor(2), []).shape).toEqual([]);
  });

  it('transpose swaps two dims (negative dims allowed)', () => {
    const r = ref([2, 3, 4]);
    const y = transpose(toTensor(r), 0, -1);
    expect(y.shape).toEqual([4, 3, 2]);
    expectClose(y, build([4, 3, 2], ([k, j, i]) => get(r, [i!, j!, k!])));
    expectClose(toTensor(r).transpose(1, 1), r.data);
  });

  it('t transposes a matrix and leaves 0-d and 1-d tensors as they are', () => {
    const r = ref([2, 3]);
    expectClose(t(toTensor(r)), build([3, 2], ([j, i]) => get(r, [i!, j!])));
    expect(toTensor(r).t().shape).toEqual([3, 2]);
    expectClose(t(tensor([1, 2, 3])), [1, 2, 3]);
    expect(t(tensor(4)).shape).toEqual([]);
  });

  it('gradients (inverse permutation)', () => {
    gradcheck((a) => permute(a, [1, 2, 0]), [randn([2, 3, 2], f64)]);
    gradcheck((a) => transpose(a, 0, 2), [randn([3, 1, 2], f64)]);
    gradcheck((a) => t(a), [randn([2, 3], f64)]);
  });

  it('rejects bad dims', () => {
    const x = zeros([2, 3, 4]);
    expect(() => permute(x, [0, 1])).toThrow(/^permute: dims \[0, 1\] are not a permutation of the 3 dims of \[2, 3, 4\]/);
    expect(() => permute(x, [0, 1, 1])).toThrow(ShapeError);
    expect(() => permute(x, [0, 1, 3])).toThrow(ShapeError);
    expect(() => permute(x, [0, 1, -1])).not.toThrow();
    expect(() => transpose(x, 0, 3)).toThrow(/^transpose: dim 3 is out of range/);
    expect(() => t(x)).toThrow(/^t: expects a tensor with at most 2 dims/);
  });
});
