import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, bmm, dot, gradcheck, linear, matmul, mm, outer, tensor, zeros } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { flat, gradOfSquares, rand, refMatmul, toT } from './ref.js';

// Every rank combination of torch.matmul, incl. broadcast batch dims and size-1 dims.
const CASES: [number[], number[]][] = [
  [[4], [4]],
  [[3], [3, 5]],
  [[3, 4], [4]],
  [[2, 3], [3, 4]],
  [[3], [2, 3, 4]],
  [[2, 3, 4], [4]],
  [[2, 3, 4], [4, 5]],
  [[3, 4], [2, 4, 5]],
  [[2, 3, 4], [2, 4, 2]],
  [[2, 1, 3, 4], [3, 4, 2]],
  [[1, 3, 4], [2, 1, 4, 2]],
  [[1, 1], [1, 1]],
  [[2, 1, 1, 4], [1, 3, 4, 1]],
];

describe('matmul', () => {
  it.each(CASES)('matches torch.matmul semantics for %j · %j', (sa, sb) => {
    const a = rand(sa, 1);
    const b = rand(sb, 2);
    const want = refMatmul(a, b);
    const y = matmul(toT(a), toT(b));
    expect(y.shape).toEqual(want.shape);
    expectClose(y, flat(want), 1e-12);
  });

  it('1-D · 1-D is a 0-d dot product; 1-D operands are squeezed out', () => {
    expect(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])).shape).toEqual([]);
    expectClose(matmul(tensor([1, 2, 3]), tensor([4, 5, 6])), [32]);
    expectClose(matmul(tensor([1, 2]), tensor([[1, 2, 3], [4, 5, 6]])), [9, 12, 15]);
    expectClose(matmul(tensor([[1, 2, 3], [4, 5, 6]]), tensor([1, 0, -1])), [-2, -2]);
  });

  it('float32 agrees with the float64 oracle', () => {
    const a = rand([3, 5, 7], 3);
    const b = rand([7, 6], 4);
    const y = matmul(toT(a, 'float32'), toT(b, 'float32'));
    expect(y.dtype).toBe('float32');
    expectClose(y, flat(refMatmul(a, b)), 1e-5);
  });

  it('empty dims: K = 0 gives zeros, M = 0 or an empty batch gives an empty result', () => {
    const y = matmul(zeros([2, 0], { dtype: 'float64' }), zeros([0, 3], { dtype: 'float64' }));
    expect(y.shape).toEqual([2, 3]);
    expectClose(y, [0, 0, 0, 0, 0, 0]);
    expect(matmul(zeros([0, 4]), zeros([4, 3])).shape).toEqual([0, 3]);
    expect(matmul(zeros([0, 2, 4]), zeros([4, 3])).shape).toEqual([0, 2, 3]);
    expect(matmul(zeros([2, 0, 2, 4]), zeros([1, 4, 3])).shape).toEqual([2, 0, 2, 3]);
  });

  it.each(CASES)('gradcheck for %j · %j', (sa, sb) => {
    gradcheck(matmul, [toT(rand(sa, 5)), toT(rand(sb, 6))]);
  });

  it('double backward (gradient of the gradient) is correct', () => {
    gradcheck(gradOfSquares(matmul), [toT(rand([2, 3, 4], 7)), toT(rand([4, 2], 8))]);
    gradcheck(gradOfSquares((b, a) => matmul(a!, b)), [toT(rand([3, 2], 9)), toT(rand([2, 2, 3], 10))]);
  });

  it('rejects bad shapes and dtypes with typed errors naming matmul', () => {
    expect(() => matmul(zeros([2, 3]), zeros([4, 2]))).toThrow(ShapeError);
    expect(() => matmul(zeros([2, 3]), zeros([4, 2]))).toThrow(/matmul: inner dimensions differ: \[2, 3\] and \[4, 2\]/);
    expect(() => matmul(zeros([3]), zeros([4]))).toThrow(/matmul/);
    expect(() => matmul(zeros([]), zeros([4]))).toThrow(/matmul: both arguments need at least 1 dimension/);
    expect(() => matmul(zeros([2, 2, 3]), zeros([3, 3, 2]))).toThrow(/matmul: batch dims of \[2, 2, 3\] and \[3, 3, 2\]/);
    expect(() => matmul(zeros([2, 2], { dtype: 'int32' }), zeros([2, 2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => matmul(zeros([2, 2]), zeros([2, 2], { dtype: 'float64' }))).toThrow(/matmul: inputs must share a dtype/);
  });

  it('is available as a method', () => {
    expectClose(tensor([[1, 2]]).matmul(tensor([[3], [4]])), [[11]]);
  });
});

describe('mm, bmm, dot, outer', () => {
  it('mm multiplies matrices', () => {
    const a = rand([3, 4], 11);
    const b = rand([4, 2], 12);
    expectClose(mm(toT(a), toT(b)), flat(refMatmul(a, b)), 1e-12);
    expectClose(tensor([[1, 2]]).mm(tensor([[3], [4]])), [[11]]);
    gradcheck(mm, [toT(a), toT(b)]);
  });

  it('mm rejects non-matrices, mismatches and ints', () => {
    expect(() => mm(zeros([2, 3, 4]), zeros([4, 2]))).toThrow(/mm: expected two 2-D matrices/);
    expect(() => mm(zeros([2, 3]), zeros([2, 3]))).toThrow(ShapeError);
    expect(() => mm(zeros([2, 2], { dtype: 'int32' }), zeros([2, 2]))).toThrow(/mm: expected a float tensor/);
  });

  it('bmm multiplies batches of the same size', () => {
    const a = rand([3, 2, 4], 13);
    const b = rand([3, 4, 5], 14);
    const y = bmm(toT(a), toT(b));
    expect(y.shape).toEqual([3, 2, 5]);
    expectClose(y, flat(refMatmul(a, b)), 1e-12);
    expectClose(toT(a).bmm(toT(b)), flat(refMatmul(a, b)), 1e-12);
    gradcheck(bmm, [toT(a), toT(b)]);
  });

  it('bmm rejects broadcasting, wrong ranks and ints', () => {
    expect(() => bmm(zeros([1, 2, 4]), zeros([3, 4, 5]))).toThrow(/bmm: batch sizes differ/);
    expect(() => bmm(zeros([2, 4]), zeros([4, 5]))).toThrow(/bmm: expected two 3-D tensors/);
    expect(() => bmm(zeros([2, 2, 3]), zeros([2, 4, 5]))).toThrow(/bmm: inner dimensions differ/);
    expect(() => bmm(zeros([2, 2, 2], { dtype: 'bool' }), zeros([2, 2, 2], { dtype: 'bool' }))).toThrow(DTypeError);
  });

  it('dot gives a 0-d inner product', () => {
    const y = dot(tensor([1, 2, 3]), tensor([-1, 0.5, 2]));
    expect(y.shape).toEqual([]);
    expectClose(y, [6]);
    expectClose(tensor([2, 3]).dot(tensor([4, 5])), [23]);
    expectClose(dot(zeros([0]), zeros([0])), [0]);
    gradcheck(dot, [toT(rand([5], 15)), toT(rand([5], 16))]);
  });

  it('dot rejects non-vectors and length mismatches', () => {
    expect(() => dot(zeros([2, 2]), zeros([4]))).toThrow(/dot: expected two 1-D tensors of the same length, got \[2, 2\] and \[4\]/);
    expect(() => dot(zeros([3]), zeros([4]))).toThrow(ShapeError);
    expect(() => dot(zeros([3], { dtype: 'int32' }), zeros([3], { dtype: 'int32' }))).toThrow(DTypeError);
  });

  it('outer forms all products', () => {
    expectClose(outer(tensor([1, 2, 3]), tensor([10, -1])), [[10, -1], [20, -2], [30, -3]]);
    expect(tensor([1, 2]).outer(tensor([1, 2, 3])).shape).toEqual([2, 3]);
    expect(outer(zeros([0]), zeros([3])).shape).toEqual([0, 3]);
    gradcheck(outer, [toT(rand([3], 17)), toT(rand([4], 18))]);
  });

  it('outer rejects non-vectors and ints', () => {
    expect(() => outer(zeros([2, 2]), zeros([3]))).toThrow(/outer: expected two 1-D tensors/);
    expect(() => outer(zeros([2], { dtype: 'int32' }), zeros([3], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});

describe('linear', () => {
  /** x·Wᵀ + b written out over the last dim. */
  function refLinear(x: { shape: number[]; data: Float64Array }, w: { shape: number[]; data: Float64Array }, b: { data: Float64Array } | null): number[] {
    const [o, i] = w.shape as [number, number];
    const rows = x.data.length / i;
    const out: number[] = [];
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < o; j++) {
        let acc = b ? b.data[j]! : 0;
        for (let t = 0; t < i; t++) acc += x.data[r * i + t]! * w.data[j * i + t]!;
        out.push(acc);
      }
    return out;
  }

  it.each([[[5]], [[3, 5]], [[2, 3, 5]], [[2, 1, 2, 5]]])('computes x·Wᵀ + b for x of shape %j', (sx) => {
    const x = rand(sx, 21);
    const w = rand([4, 5], 22);
    const b = rand([4], 23);
    const y = linear(toT(x), toT(w), toT(b));
    expect(y.shape).toEqual([...sx.slice(0, -1), 4]);
    expectClose(y, refLinear(x, w, b), 1e-12);
    expectClose(linear(toT(x), toT(w)), refLinear(x, w, null), 1e-12);
  });

  it('gradcheck for input, weight and bias', () => {
    gradcheck((x, w, b) => linear(x!, w!, b), [toT(rand([2, 3, 5], 24)), toT(rand([4, 5], 25)), toT(rand([4], 26))]);
    gradcheck((x, w) => linear(x!, w!), [toT(rand([5], 27)), toT(rand([2, 5], 28))]);
  });

  it('rejects mismatched features, bad weight or bias, and ints', () => {
    expect(() => linear(zeros([2, 3]), zeros([4, 5]))).toThrow(/linear: input \[2, 3\] must end with 5 features to match weight \[4, 5\]/);
    expect(() => linear(zeros([2, 5]), zeros([5]))).toThrow(/linear: weight must be \[out, in\]/);
    expect(() => linear(zeros([2, 5]), zeros([4, 5]), zeros([5]))).toThrow(/linear: bias must be \[4\]/);
    expect(() => linear(zeros([2, 5], { dtype: 'int32' }), zeros([4, 5]))).toThrow(DTypeError);
    expect(() => linear(zeros([2, 5]), zeros([4, 5]), zeros([4], { dtype: 'float64' }))).toThrow(DTypeError);
  });
});
