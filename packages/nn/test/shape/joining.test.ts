import { describe, expect, it } from 'vitest';
import { ShapeError, cat, chunk, concat, gradcheck, randn, split, stack, tensor, unbind, zeros } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { build, get, ref, toTensor } from './ref.js';

const f64 = { dtype: 'float64' as const };

describe('concat / cat', () => {
  it('joins along a dim', () => {
    const a = ref([2, 3]);
    const b = ref([2, 1], (i) => 100 + i);
    const c = ref([2, 2], (i) => 200 + i);
    const y = concat([toTensor(a), toTensor(b), toTensor(c)], 1);
    expect(y.shape).toEqual([2, 6]);
    expectClose(y, build([2, 6], ([i, j]) => (j! < 3 ? get(a, [i!, j!]) : j! < 4 ? get(b, [i!, 0]) : get(c, [i!, j! - 4]))));
    const z = cat([toTensor(a), toTensor(ref([1, 3], () => 7))], -2);
    expect(z.shape).toEqual([3, 3]);
    expectClose(z, [...a.data, 7, 7, 7]);
    expect(concat([zeros([0, 3]), zeros([2, 3])]).shape).toEqual([2, 3]);
    expectClose(concat([toTensor(a)]), a.data);
  });

  it('promotes mixed dtypes', () => {
    const y = concat([tensor([1, 2], { dtype: 'int32' }), tensor([0.5])]);
    expect(y.dtype).toBe('float32');
    expectClose(y, [1, 2, 0.5]);
  });

  it('gradients go to each input (float32 inputs get float32 gradients)', () => {
    gradcheck((p, q) => concat([p, q], 1), [randn([2, 3], f64), randn([2, 2], f64)]);
    gradcheck((p, q, r) => concat([p, q, r], 0), [randn([1, 2], f64), randn([0, 2], f64), randn([2, 2], f64)]);
    const p = randn([2]).requiresGrad_();
    const q = randn([1], f64).requiresGrad_();
    concat([p, q]).mul(tensor([1, 2, 3], f64)).sum().backward();
    expect(p.grad!.dtype).toBe('float32');
    expectClose(p.grad!, [1, 2]);
    expectClose(q.grad!, [3]);
  });

  it('rejects bad inputs', () => {
    expect(() => concat([])).toThrow(/^concat: needs at least one tensor/);
    expect(() => concat([zeros([2, 3]), zeros([3, 3])], 1)).toThrow(ShapeError);
    expect(() => concat([zeros([2, 3]), zeros([3, 3])], 1)).toThrow(/^concat: shapes \[2, 3\], \[3, 3\] differ outside axis 1/);
    expect(() => concat([zeros([2, 3]), zeros([6])])).toThrow(/^concat: tensors must have the same rank/);
    expect(() => concat([zeros([2])], 1)).toThrow(/^concat: dim 1 is out of range/);
    expect(() => concat([tensor(1), tensor(2)])).toThrow(/^concat: 0-d tensors/);
  });
});

describe('stack', () => {
  it('joins along a new dim', () => {
    const a = ref([2, 3]);
    const b = ref([2, 3], (i) => 50 - i);
    const y = stack([toTensor(a), toTensor(b)], 1);
    expect(y.shape).toEqual([2, 2, 3]);
    expectClose(y, build([2, 2, 3], ([i, s, j]) => get(s === 0 ? a : b, [i!, j!])));
    expect(stack([toTensor(a), toTensor(b)], -1).shape).toEqual([2, 3, 2]);
    expect(stack([toTensor(a), toTensor(b)]).shape).toEqual([2, 2, 3]);
    expectClose(stack([tensor(1), tensor(2)]), [1, 2]);
  });

  it('gradient', () => {
    gradcheck((p, q) => stack([p, q], 2), [randn([2, 2], f64), randn([2, 2], f64)]);
  });

  it('rejects bad inputs', () => {
    expect(() => stack([])).toThrow(/^stack: needs at least one tensor/);
    expect(() => stack([zeros([2]), zeros([3])])).toThrow(/^stack: all tensors must have the same shape/);
    expect(() => stack([zeros([2])], 2)).toThrow(ShapeError);
  });
});

describe('split / chunk / unbind', () => {
  const r = ref([7, 2]);
  const rows = (t: Tensor, from: number): void => expectClose(t, build(t.shape, ([i, j]) => get(r, [from + i!, j!])));

  it('split by size (last piece smaller) or by a list of sizes', () => {
    const parts = split(toTensor(r), 3);
    expect(parts.map((p) => p.shape)).toEqual([[3, 2], [3, 2], [1, 2]]);
    parts.forEach((p, k) => rows(p, 3 * k));
    const bySizes = toTensor(r).split([2, 0, 5]);
    expect(bySizes.map((p) => p.shape)).toEqual([[2, 2], [0, 2], [5, 2]]);
    rows(bySizes[2]!, 2);
    const cols = split(toTensor(r), 1, -1);
    expect(cols.length).toBe(2);
    expectClose(cols[1]!, build([7, 1], ([i]) => get(r, [i!, 1])));
    expect(split(toTensor(r), 10).map((p) => p.shape)).toEqual([[7, 2]]);
    expect(split(zeros([0, 2]), 2).map((p) => p.shape)).toEqual([[0, 2]]);
  });

  it('chunk gives ceil-sized pieces (possibly fewer than asked), as PyTorch', () => {
    expect(chunk(toTensor(r), 3).map((p) => p.shape[0])).toEqual([3, 3, 1]);
    expect(chunk(toTensor(r), 4).map((p) => p.shape[0])).toEqual([2, 2, 2, 1]);
    expect(chunk(toTensor(ref([6])), 4).map((p) => p.shape[0])).toEqual([2, 2, 2]);
    expect(toTensor(r).chunk(2, 1).map((p) => p.shape)).toEqual([[7, 1], [7, 1]]);
    expect(chunk(zeros([0]), 3).map((p) => p.shape)).toEqual([[0], [0], [0]]);
    rows(chunk(toTensor(r), 2)[1]!, 4);
  });

  it('unbind removes the dim', () => {
    const parts = unbind(toTensor(r), 1);
    expect(parts.length).toBe(2);
    expect(parts[0]!.shape).toEqual([7]);
    expectClose(parts[1]!, build([7], ([i]) => get(r, [i!, 1])));
    expect(toTensor(r).unbind().length).toBe(7);
    expect(unbind(zeros([0, 3])).length).toBe(0);
  });

  it('gradients', () => {
    const x = randn([5, 2], f64);
    gradcheck((a) => concat(split(a, 2).map((p, k) => p.mul(k + 1))), [x]);
    gradcheck((a) => concat(chunk(a, 2, 1).reverse(), 1), [x]);
    gradcheck((a) => stack(unbind(a, 1).reverse()), [x]);
    gradcheck((a) => split(a, [1, 4])[1]!, [x]);
  });

  it('rejects bad arguments', () => {
    const x = zeros([4, 2]);
    expect(() => split(x, 0)).toThrow(/^split: split size must be a positive integer/);
    expect(() => split(x, [1, 2])).toThrow(/^split: sizes \[1, 2\] must be non-negative integers adding up to 4/);
    expect(() => split(x, 2, 2)).toThrow(ShapeError);
    expect(() => chunk(x, 0)).toThrow(/^chunk: chunks must be a positive integer/);
    expect(() => chunk(x, 2, -3)).toThrow(/^chunk: dim -3/);
    expect(() => unbind(x, 2)).toThrow(/^unbind: dim 2/);
  });
});
