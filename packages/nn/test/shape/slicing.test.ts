import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, flip, gradcheck, index, narrow, randn, select, slice, tensor, zeros } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { build, get, ints, ref, toTensor } from './ref.js';
import { gradOfSquares } from './second-order.js';

const f64 = { dtype: 'float64' as const };

// Python's results for list(range(5))[start:end:step], written out by hand.
const PY_SLICES: [number | null, number | null, number, number[]][] = [
  [1, 4, 1, [1, 2, 3]],
  [-2, null, 1, [3, 4]],
  [null, -1, 2, [0, 2]],
  [-100, 100, 1, [0, 1, 2, 3, 4]],
  [3, 1, 1, []],
  [2, 2, 1, []],
  [5, null, 1, []],
  [0, 5, 3, [0, 3]],
  [null, null, -1, [4, 3, 2, 1, 0]],
  [3, null, -2, [3, 1]],
  [-1, -6, -1, [4, 3, 2, 1, 0]],
  [10, null, -1, [4, 3, 2, 1, 0]],
  [null, 2, -1, [4, 3]],
  [4, 0, -3, [4, 1]],
  [0, 3, -1, []],
];

describe('slice', () => {
  it('follows Python slicing along a dim (clamping, negative indices, negative steps)', () => {
    const r = ref([3, 5]);
    const x = toTensor(r);
    for (const [start, end, step, picks] of PY_SLICES) {
      const y = slice(x, 1, start, end, step);
      expect(y.shape, `[${start}:${end}:${step}]`).toEqual([3, picks.length]);
      expectClose(y, build([3, picks.length], ([i, j]) => get(r, [i!, picks[j!]!])));
      const z = slice(toTensor(ref([5, 2])), -2, start, end, step);
      expectClose(z, build([picks.length, 2], ([i, j]) => get(ref([5, 2]), [picks[i!]!, j!])));
    }
    expect(x.slice(0).shape).toEqual([3, 5]);
    expect(slice(zeros([0, 2]), 0, 1, 3).shape).toEqual([0, 2]);
  });

  it('gradients for unit, strided and negative steps (and their double backward)', () => {
    const x = randn([4, 5], f64);
    gradcheck((a) => slice(a, 1, 1, 4), [x]);
    gradcheck((a) => slice(a, 0, null, null, 2), [x]);
    gradcheck((a) => slice(a, 1, -1, null, -2), [x]);
    gradcheck((a) => slice(a, 1, 2, 2), [x]);
    gradcheck(gradOfSquares((a) => slice(a, 1, 0, null, 3)), [x]);
    gradcheck(gradOfSquares((a) => slice(a, 0, 1, 3)), [x]);
  });

  it('rejects bad arguments', () => {
    const x = zeros([2, 3]);
    expect(() => slice(x, 2, 0, 1)).toThrow(ShapeError);
    expect(() => slice(x, -3, 0, 1)).toThrow(/^slice: dim -3 is out of range/);
    expect(() => slice(x, 0, 0, 1, 0)).toThrow(/^slice: step must be a non-zero integer/);
    expect(() => slice(x, 0, 0.5, 1)).toThrow(/^slice: start must be an integer/);
  });
});

describe('narrow / select', () => {
  it('narrow takes length elements from start (negative start counts from the end)', () => {
    const r = ref([2, 6]);
    const x = toTensor(r);
    expectClose(narrow(x, 1, 2, 3), build([2, 3], ([i, j]) => get(r, [i!, j! + 2])));
    expectClose(x.narrow(-1, -2, 2), build([2, 2], ([i, j]) => get(r, [i!, j! + 4])));
    expect(narrow(x, 0, 2, 0).shape).toEqual([0, 6]);
    gradcheck((a) => narrow(a, 1, 1, 2), [randn([2, 4], f64)]);
  });

  it('narrow rejects ranges that do not fit', () => {
    const x = zeros([2, 6]);
    expect(() => narrow(x, 1, 4, 3)).toThrow(/^narrow: start 4, length 3 do not fit dim 1 of size 6/);
    expect(() => narrow(x, 1, -7, 1)).toThrow(ShapeError);
    expect(() => narrow(x, 2, 0, 1)).toThrow(/^narrow: dim 2/);
  });

  it('select picks one position and drops the dim', () => {
    const r = ref([2, 3, 4]);
    const x = toTensor(r);
    const y = select(x, 1, 2);
    expect(y.shape).toEqual([2, 4]);
    expectClose(y, build([2, 4], ([i, k]) => get(r, [i!, 2, k!])));
    expectClose(x.select(-1, -1), build([2, 3], ([i, j]) => get(r, [i!, j!, 3])));
    expect(select(tensor([7, 8]), 0, 1).shape).toEqual([]);
    expectClose(select(tensor([7, 8]), 0, 1), [8]);
    gradcheck((a) => select(a, 0, 1), [randn([3, 2], f64)]);
  });

  it('select rejects bad indices', () => {
    const x = zeros([2, 3]);
    expect(() => select(x, 1, 3)).toThrow(/^select: index 3 is out of range for dim 1 of size 3/);
    expect(() => select(x, 1, -4)).toThrow(ShapeError);
    expect(() => select(x, 2, 0)).toThrow(/^select: dim 2/);
    expect(() => select(zeros([0]), 0, 0)).toThrow(ShapeError);
  });
});

describe('flip', () => {
  it('reverses one or several dims', () => {
    const r = ref([2, 3, 4]);
    const x = toTensor(r);
    expectClose(flip(x, 1), build([2, 3, 4], ([i, j, k]) => get(r, [i!, 2 - j!, k!])));
    expectClose(x.flip([0, -1]), build([2, 3, 4], ([i, j, k]) => get(r, [1 - i!, j!, 3 - k!])));
    expectClose(flip(x, []), r.data);
    expect(flip(zeros([0, 2]), 0).shape).toEqual([0, 2]);
    expectClose(flip(tensor(3), []), [3]);
  });

  it('gradient', () => {
    gradcheck((a) => flip(a, [0, 1]), [randn([3, 2], f64)]);
    gradcheck(gradOfSquares((a) => flip(a, 1)), [randn([2, 3], f64)]);
  });

  it('rejects bad dims', () => {
    expect(() => flip(zeros([2]), 1)).toThrow(/^flip: axis 1 is out of range/);
    expect(() => flip(zeros([2, 2]), [0, -2])).toThrow(/^flip: repeated axis/);
  });
});

describe('index', () => {
  const r = ref([3, 4, 5]);
  const x = (): ReturnType<typeof toTensor> => toTensor(r);

  it('numbers select, null keeps, tuples slice', () => {
    expectClose(index(x(), 1), build([4, 5], ([j, k]) => get(r, [1, j!, k!])));
    expectClose(index(x(), null, -1), build([3, 5], ([i, k]) => get(r, [i!, 3, k!])));
    expectClose(index(x(), [null, null, -1]), build([3, 4, 5], ([i, j, k]) => get(r, [2 - i!, j!, k!])));
    const y = index(x(), null, [1, null], [0, 5, 2]);
    expect(y.shape).toEqual([3, 3, 3]);
    expectClose(y, build([3, 3, 3], ([i, j, k]) => get(r, [i!, j! + 1, 2 * k!])));
    expectClose(index(x(), 2, 3, 4), [get(r, [2, 3, 4])]);
    expect(index(x(), 2, 3, 4).shape).toEqual([]);
    expect(index(x()).shape).toEqual([3, 4, 5]);
    expect(x().index(0, [2, 2]).shape).toEqual([0, 5]);
  });

  it('tensors and arrays take positions along their dim (outer indexing)', () => {
    expectClose(index(x(), ints([2, 0]), null, 3), build([2, 4], ([a, j]) => get(r, [[2, 0][a!]!, j!, 3])));
    const arr = index(x(), [2, 0, 1, 2]);
    expect(arr.shape).toEqual([4, 4, 5]);
    expectClose(arr, build([4, 4, 5], ([a, j, k]) => get(r, [[2, 0, 1, 2][a!]!, j!, k!])));
    const idx2d = [[0, 1], [3, 3]];
    expectClose(index(x(), null, ints([0, 1, 3, 3], [2, 2])), build([3, 2, 2, 5], ([i, a, b, k]) => get(r, [i!, idx2d[a!]![b!]!, k!])));
    expectClose(index(x(), ints([0, 2]), null, ints([1, 4])), build([2, 4, 2], ([a, j, b]) => get(r, [[0, 2][a!]!, j!, [1, 4][b!]!])));
    const mixed = index(x(), [1, 3], ints([3, 0]), [null, null, -2]);
    expect(mixed.shape).toEqual([2, 2, 3]);
    expectClose(mixed, build([2, 2, 3], ([i, a, k]) => get(r, [i! + 1, [3, 0][a!]!, 4 - 2 * k!])));
  });

  it('gradients, with repeated positions adding up', () => {
    const small = randn([3, 2, 3], f64);
    gradcheck((a) => index(a, ints([0, 0, 2]), null, [null, null, -2]), [small]);
    gradcheck((a) => index(a, [1, null], 1, ints([2, 0, 2])), [small]);
    gradcheck(gradOfSquares((a) => index(a, [0, 3, 2], ints([1, 1]))), [small]);
  });

  it('rejects bad specs', () => {
    expect(() => index(x(), 0, 0, 0, 0)).toThrow(/^index: 4 indices given for 3 dims/);
    expect(() => index(x(), 3)).toThrow(/^index: index 3 is out of range for dim 0 of size 3/);
    expect(() => index(x(), tensor([0, 1]))).toThrow(DTypeError);
    expect(() => index(x(), tensor([0, 1]))).toThrow(/^index: expected dtype int32/);
    expect(index(x(), [0, 1, 1]).shape).toEqual([1, 4, 5]); // a 3-item array is a slice
    expect(() => index(x(), [0, 1, 0])).toThrow(/^index: step must be a non-zero integer/);
    expect(() => index(x(), [0, 1, 0.5])).toThrow(/^index: step must be a non-zero integer/);
    expect(() => index(x(), [0, 1, 2, 0.5])).toThrow(/^index: index array must hold integers/);
    expect(() => index(x(), ints([0, 3]))).toThrow(/^index: a position index is out of range for input \[3, 4, 5\]/);
  });
});
