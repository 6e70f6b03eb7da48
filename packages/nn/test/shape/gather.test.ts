import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, gather, gradcheck, indexSelect, oneHot, randn, scatterAdd, tensor, zeros } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { build, get, ints, ref, toTensor, unravel } from './ref.js';
import { gradOfSquares } from './second-order.js';

const f64 = { dtype: 'float64' as const };

describe('gather (torch.gather)', () => {
  it('out[i][j][k] = x[i][index[i][j][k]][k] for dim 1, and likewise for every dim', () => {
    const r = ref([3, 4, 2]);
    const idxShape = [2, 5, 2];
    const idxValues = build(idxShape, ([i, j, k]) => (i! * 3 + j! * 2 + k!) % 4);
    const y = gather(toTensor(r), 1, ints(idxValues, idxShape));
    expect(y.shape).toEqual(idxShape);
    expectClose(y, build(idxShape, ([i, j, k]) => get(r, [i!, idxValues[(i! * 5 + j!) * 2 + k!]!, k!])));

    const idx0 = build([2, 3, 1], ([i, j]) => (i! + 2 * j!) % 3);
    expectClose(gather(toTensor(r), -3, ints(idx0, [2, 3, 1])), build([2, 3, 1], ([i, j, k]) => get(r, [idx0[i! * 3 + j!]!, j!, k!])));
    const idxLast = [1, 0, 0, 0, 1, 1];
    expectClose(toTensor(r).gather(2, ints(idxLast, [1, 3, 2])), build([1, 3, 2], ([i, j, k]) => get(r, [i!, j!, idxLast[j! * 2 + k!]!])));
    expect(gather(toTensor(r), 1, ints([], [3, 0, 2])).shape).toEqual([3, 0, 2]);
  });

  it('gradient scatters back, repeats adding up', () => {
    const idx = ints([0, 0, 2, 1, 1, 1], [2, 3]);
    gradcheck((a) => gather(a, 1, idx), [randn([2, 3], f64)]);
    gradcheck((a) => gather(a, 0, ints([1, 1, 0, 0, 1, 0], [3, 2])), [randn([2, 2], f64)]);
    gradcheck(gradOfSquares((a) => gather(a, 1, idx)), [randn([2, 3], f64)]);
  });

  it('rejects bad inputs; indices out of range along dim are errors even when the flat position exists', () => {
    const x = zeros([2, 3]);
    expect(() => gather(x, 1, tensor([[0]]))).toThrow(DTypeError);
    expect(() => gather(x, 1, tensor([[0]]))).toThrow(/^gather: expected dtype int32/);
    expect(() => gather(x, 1, ints([0, 1]))).toThrow(/^gather: index \[2\] must have the rank of input \[2, 3\]/);
    expect(() => gather(x, 1, ints([0, 0, 0], [3, 1]))).toThrow(ShapeError);
    expect(() => gather(x, 2, ints([0], [1, 1]))).toThrow(/^gather: dim 2/);
    expect(() => gather(x, 1, ints([3], [1, 1]))).toThrow(/^gather: index holds a value outside \[0, 3\) for dim 1 of input \[2, 3\]/); // flat position 3 exists (row 1) but 3 ≥ 3
    expect(() => gather(x, 1, ints([-1], [1, 1]))).toThrow(ShapeError);
  });
});

describe('indexSelect', () => {
  it('takes positions along a dim', () => {
    const r = ref([3, 4]);
    const y = indexSelect(toTensor(r), 1, ints([3, 0, 3]));
    expect(y.shape).toEqual([3, 3]);
    expectClose(y, build([3, 3], ([i, j]) => get(r, [i!, [3, 0, 3][j!]!])));
    expectClose(toTensor(r).indexSelect(-2, [2, 1]), build([2, 4], ([i, j]) => get(r, [[2, 1][i!]!, j!])));
    expect(indexSelect(toTensor(r), 0, ints([])).shape).toEqual([0, 4]);
    expectClose(indexSelect(toTensor(r), 0, tensor(2, { dtype: 'int32' })), build([1, 4], ([, j]) => get(r, [2, j!])));
  });

  it('gradient', () => {
    gradcheck((a) => indexSelect(a, 0, [2, 0, 2, 2]), [randn([3, 2], f64)]);
    gradcheck(gradOfSquares((a) => indexSelect(a, 1, [1, 1])), [randn([2, 2], f64)]);
  });

  it('rejects bad inputs', () => {
    const x = zeros([2, 3]);
    expect(() => indexSelect(x, 0, ints([0, 1], [1, 2]))).toThrow(/^indexSelect: index must be 1-D/);
    expect(() => indexSelect(x, 0, tensor([0]))).toThrow(/^indexSelect: expected dtype int32/);
    expect(() => indexSelect(x, 0, [0.5])).toThrow(/^indexSelect: index array must hold integers/);
    expect(() => indexSelect(x, -3, [0])).toThrow(/^indexSelect: dim -3/);
    expect(() => indexSelect(x, 0, [2])).toThrow(/^indexSelect: index holds a position outside \[0, 2\) for dim 0/);
  });
});

describe('scatterAdd (torch.Tensor.scatter_add)', () => {
  it('adds src at index along dim into a copy of x; repeats add up; extra src is ignored', () => {
    const xr = ref([3, 4]);
    const sr = ref([2, 5], (i) => i + 1);
    const idxShape = [2, 3];
    const idx = [3, 0, 3, 1, 1, 2];
    const y = scatterAdd(toTensor(xr), 1, ints(idx, idxShape), toTensor(sr));
    const want = [...xr.data];
    idx.forEach((v, p) => {
      const [i, j] = unravel(p, idxShape);
      want[i! * 4 + v] += get(sr, [i!, j!]);
    });
    expect(y.shape).toEqual([3, 4]);
    expectClose(y, want);

    const want0 = [...xr.data];
    const idx0 = [2, 2, 0, 1];
    idx0.forEach((v, p) => {
      const [i, j] = unravel(p, [1, 4]);
      want0[v * 4 + j!] += get(sr, [i!, j!]);
    });
    expectClose(toTensor(xr).scatterAdd(-2, ints(idx0, [1, 4]), toTensor(sr).slice(1, 0, 4)), want0);
    const i32 = scatterAdd(tensor([1, 2], { dtype: 'int32' }), 0, ints([1, 1, 0]), tensor([5, 6, 7], { dtype: 'int32' }));
    expect(i32.dtype).toBe('int32');
    expectClose(i32, [8, 13]);
  });

  it('gradients to x and src', () => {
    const idx = ints([1, 1, 0, 2], [2, 2]);
    gradcheck((a, s) => scatterAdd(a, 1, idx, s), [randn([2, 3], f64), randn([2, 3], f64)]);
    gradcheck((a, s) => scatterAdd(a, 0, idx.reshape([4, 1]), s), [randn([3, 2], f64), randn([4, 1], f64)]);
    gradcheck(gradOfSquares((s) => scatterAdd(zeros([2, 3], f64), 1, idx, s)), [randn([2, 2], f64)]);
  });

  it('rejects bad inputs', () => {
    const x = zeros([2, 3]);
    expect(() => scatterAdd(x, 1, ints([0, 1], [1, 2]), zeros([2, 3], f64))).toThrow(/^scatterAdd: src \[2, 3\] float64 on cpu must have the dtype/);
    expect(() => scatterAdd(x, 1, ints([0, 1], [1, 2]), zeros([1, 1]))).toThrow(/^scatterAdd: src \[1, 1\] must have the rank of input \[2, 3\] and be at least as large as index \[1, 2\]/);
    expect(() => scatterAdd(x, 1, tensor([[0]]), zeros([1, 1]))).toThrow(DTypeError);
    expect(() => scatterAdd(x, 1, ints([0, 1]), zeros([2]))).toThrow(/^scatterAdd: index \[2\] must have the rank/);
    expect(() => scatterAdd(x, 3, ints([0], [1, 1]), zeros([1, 1]))).toThrow(/^scatterAdd: dim 3/);
    expect(() => scatterAdd(x, 1, ints([3], [1, 1]), zeros([1, 1]))).toThrow(/^scatterAdd: index holds a value outside \[0, 3\)/);
  });
});

describe('oneHot', () => {
  it('encodes int32 indices of any shape; out-of-range gives an all-zero row', () => {
    const y = oneHot(ints([2, 0, 1, 2], [2, 2]), 3);
    expect(y.dtype).toBe('int32');
    expect(y.shape).toEqual([2, 2, 3]);
    expect(y.toArray()).toEqual([[[0, 0, 1], [1, 0, 0]], [[0, 1, 0], [0, 0, 1]]]);
    expect(oneHot(ints([5, -1]), 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(oneHot(ints([]), 4).shape).toEqual([0, 4]);
    expect(oneHot(tensor(1, { dtype: 'int32' }), 2).toArray()).toEqual([0, 1]);
  });

  it('rejects bad inputs', () => {
    expect(() => oneHot(tensor([1]), 3)).toThrow(DTypeError);
    expect(() => oneHot(tensor([1]), 3)).toThrow(/^oneHot: expected dtype int32/);
    expect(() => oneHot(ints([1]), -1)).toThrow(/^oneHot: numClasses must be a non-negative integer/);
  });
});
