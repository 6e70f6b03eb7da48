import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, gradcheck, maskedFill, randn, repeat, tensor, tile, zeros } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { build, get, ref, toTensor } from './ref.js';
import { gradOfSquares } from './second-order.js';

const f64 = { dtype: 'float64' as const };

describe('repeat / tile', () => {
  it('repeat tiles every dim; extra repeats add leading dims', () => {
    const r = ref([2, 3]);
    const y = repeat(toTensor(r), [2, 3]);
    expect(y.shape).toEqual([4, 9]);
    expectClose(y, build([4, 9], ([i, j]) => get(r, [i! % 2, j! % 3])));
    const z = toTensor(r).repeat([2, 1, 2]);
    expect(z.shape).toEqual([2, 2, 6]);
    expectClose(z, build([2, 2, 6], ([, i, j]) => get(r, [i!, j! % 3])));
    expectClose(repeat(tensor([1, 2]), [3]), [1, 2, 1, 2, 1, 2]);
    expect(repeat(toTensor(r), [0, 2]).shape).toEqual([0, 6]);
    expectClose(repeat(tensor(5), [2]), [5, 5]);
    expectClose(repeat(tensor([1, 2], { dtype: 'int32' }), [2]), [1, 2, 1, 2]);
  });

  it('tile pads short reps with leading 1s', () => {
    const r = ref([2, 3]);
    const y = tile(toTensor(r), [2]);
    expect(y.shape).toEqual([2, 6]);
    expectClose(y, build([2, 6], ([i, j]) => get(r, [i!, j! % 3])));
    expect(toTensor(r).tile([2, 1, 1]).shape).toEqual([2, 2, 3]);
  });

  it('gradients sum over the copies', () => {
    gradcheck((a) => repeat(a, [2, 1, 3]), [randn([2, 2], f64)]);
    gradcheck((a) => tile(a, [3]), [randn([2, 2], f64)]);
    gradcheck(gradOfSquares((a) => repeat(a, [2, 2])), [randn([2, 2], f64)]);
  });

  it('rejects bad repeats', () => {
    expect(() => repeat(zeros([2, 3]), [2])).toThrow(/^repeat: needs at least 2 repeats for \[2, 3\]/);
    expect(() => repeat(zeros([2]), [-1])).toThrow(/^repeat: repeats must be non-negative integers/);
    expect(() => tile(zeros([2]), [1.5])).toThrow(ShapeError);
  });
});

describe('maskedFill', () => {
  it('fills where the mask is true, with the mask broadcast to x', () => {
    const r = ref([2, 3]);
    const mask = tensor([true, false, true]);
    const y = maskedFill(toTensor(r), mask, -1);
    expect(y.dtype).toBe('float64');
    expectClose(y, build([2, 3], ([i, j]) => (j === 1 ? get(r, [i!, j!]) : -1)));
    expectClose(toTensor(r).maskedFill(tensor([[true], [false]]), Infinity), build([2, 3], ([i, j]) => (i === 0 ? Infinity : get(r, [i!, j!]))));
    const ints = maskedFill(tensor([1, 2, 3], { dtype: 'int32' }), tensor([false, true, false]), 9);
    expect(ints.dtype).toBe('int32');
    expectClose(ints, [1, 9, 3]);
    expect(maskedFill(tensor([true, false]), tensor([true, true]), 0).toArray()).toEqual([false, false]);
    expect(maskedFill(zeros([0, 3]), tensor([true, false, true]), 1).shape).toEqual([0, 3]);
  });

  it('gradient is dy where the mask is false', () => {
    const mask = tensor([[true, false, false], [false, false, true]]);
    gradcheck((a) => maskedFill(a, mask, 3), [randn([2, 3], f64)]);
    gradcheck((a) => maskedFill(a, tensor([false, true, false]), 0), [randn([2, 3], f64)]);
    gradcheck(gradOfSquares((a) => maskedFill(a, mask, 2)), [randn([2, 3], f64)]);
  });

  it('rejects bad masks', () => {
    const x = zeros([2, 3]);
    expect(() => maskedFill(x, tensor([1, 0, 1]), 0)).toThrow(DTypeError);
    expect(() => maskedFill(x, tensor([1, 0, 1]), 0)).toThrow(/^maskedFill: expected dtype bool/);
    expect(() => maskedFill(x, tensor([true, false]), 0)).toThrow(ShapeError);
    expect(() => maskedFill(x, tensor([true, false]), 0)).toThrow(/^maskedFill:/);
    expect(() => maskedFill(zeros([3]), tensor([[true], [false]]), 0)).toThrow(/^maskedFill: mask \[2, 1\] must broadcast to input \[3\]/);
  });
});
