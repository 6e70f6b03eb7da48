import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, crossEntropy, gradcheck, memory, nllLoss, tensor, tidy } from '../../src/index.js';
import { expectClose } from '../helpers.js';

/** Float64 oracle of PyTorch's cross_entropy on [N, C] logits with class-index targets. */
function reference(logits: number[][], target: number[], opts: { weight?: number[]; eps?: number; ignore?: number; reduction?: 'mean' | 'sum' | 'none' } = {}): number | number[] {
  const c = logits[0]!.length;
  const w = opts.weight ?? new Array(c).fill(1);
  const eps = opts.eps ?? 0;
  const losses: number[] = [];
  let divisor = 0;
  logits.forEach((row, i) => {
    const m = Math.max(...row);
    const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
    const logp = row.map((v) => v - lse);
    const y = target[i]!;
    if (y === (opts.ignore ?? -100)) {
      losses.push(0);
      return;
    }
    let l = 0;
    for (let k = 0; k < c; k++) l -= ((k === y ? 1 - eps : 0) + eps / c) * w[k]! * logp[k]!;
    losses.push(l);
    divisor += w[y]!;
  });
  if (opts.reduction === 'none') return losses;
  const total = losses.reduce((s, v) => s + v, 0);
  return opts.reduction === 'sum' ? total : total / divisor;
}

const logits = [[2.0, -1.0, 0.5, 0.1], [0.3, 0.2, -2.0, 1.5], [-0.7, 1.1, 0.4, 0.0]];
const target = [0, 3, 1];

describe('crossEntropy', () => {
  it('matches the float64 oracle for mean, sum and none', () => {
    const z = tensor(logits);
    const y = tensor(target, { dtype: 'int32' });
    expectClose(crossEntropy(z, y), reference(logits, target), 1e-6);
    expectClose(crossEntropy(z, y, { reduction: 'sum' }), reference(logits, target, { reduction: 'sum' }), 1e-6);
    expectClose(crossEntropy(z, y, { reduction: 'none' }), reference(logits, target, { reduction: 'none' }), 1e-6);
  });

  it('class weights, label smoothing and ignoreIndex', () => {
    const z = tensor(logits);
    const weight = [1, 2, 0.5, 3];
    expectClose(crossEntropy(z, tensor(target, { dtype: 'int32' }), { weight: tensor(weight) }), reference(logits, target, { weight }), 1e-6);
    expectClose(crossEntropy(z, tensor(target, { dtype: 'int32' }), { labelSmoothing: 0.1 }), reference(logits, target, { eps: 0.1 }), 1e-6);
    expectClose(crossEntropy(z, tensor(target, { dtype: 'int32' }), { labelSmoothing: 0.2, weight: tensor(weight) }), reference(logits, target, { eps: 0.2, weight }), 1e-6);
    const ignored = [0, -100, 1];
    expectClose(crossEntropy(z, tensor(ignored, { dtype: 'int32' })), reference(logits, ignored), 1e-6);
    const ignoredClass = [0, 3, 3];
    expectClose(crossEntropy(z, tensor(ignoredClass, { dtype: 'int32' }), { ignoreIndex: 3 }), reference(logits, ignoredClass, { ignore: 3 }), 1e-6);
  });

  it('probability targets', () => {
    const probs = [[0.7, 0.1, 0.1, 0.1], [0, 0, 0, 1], [0.25, 0.25, 0.25, 0.25]];
    let want = 0;
    logits.forEach((row, i) => {
      const m = Math.max(...row);
      const lse = m + Math.log(row.reduce((s, v) => s + Math.exp(v - m), 0));
      row.forEach((v, k) => (want -= probs[i]![k]! * (v - lse)));
    });
    expectClose(crossEntropy(tensor(logits), tensor(probs)), want / 3, 1e-6);
  });

  it('takes the class axis at dim 1 of N-D inputs ([N, C, H, W] segmentation layout)', () => {
    // Two 1×2 "images" with 3 classes, built so every pixel row equals a row of a 2-D case.
    const rows = [[1, 2, 3], [0.5, -1, 0], [2, 2, -2], [0, 0, 1]];
    const labels = [2, 0, 1, 2];
    const nchw = [
      [[[rows[0]![0]!, rows[1]![0]!]], [[rows[0]![1]!, rows[1]![1]!]], [[rows[0]![2]!, rows[1]![2]!]]],
      [[[rows[2]![0]!, rows[3]![0]!]], [[rows[2]![1]!, rows[3]![1]!]], [[rows[2]![2]!, rows[3]![2]!]]],
    ];
    const out = crossEntropy(tensor(nchw), tensor([[[2, 0]], [[1, 2]]], { dtype: 'int32' }), { reduction: 'none' });
    expect(out.shape).toEqual([2, 1, 2]);
    expectClose(out, reference(rows, labels, { reduction: 'none' }), 1e-6);
  });

  it('gradient matches finite differences, with weights and smoothing', () => {
    const y = tensor(target, { dtype: 'int32' });
    const weight = tensor([1, 2, 0.5, 3], { dtype: 'float64' });
    gradcheck((z) => crossEntropy(z, y, { weight, labelSmoothing: 0.1 }), [tensor(logits)]);
    gradcheck((z) => nllLoss(z.logSoftmax(1), y, { reduction: 'sum' }), [tensor(logits)]);
  });

  it('stays finite for huge logits', () => {
    const z = tensor([[1e4, -1e4, 0], [-1e4, 1e4, 5e3]]).requiresGrad_();
    const loss = crossEntropy(z, tensor([1, 1], { dtype: 'int32' }));
    expectClose(loss, 1e4, 1e-6);
    loss.backward();
    expect(Array.from(z.grad!.dataSync()).every(Number.isFinite)).toBe(true);
  });

  it('rejects bad targets with errors that name the problem', () => {
    const z = tensor(logits);
    expect(() => crossEntropy(z, tensor([0, 4, 1], { dtype: 'int32' }))).toThrow(/target 4 at position 1 is not a class index in \[0, 4\)/);
    expect(() => crossEntropy(z, tensor([0, 1], { dtype: 'int32' }))).toThrow(ShapeError);
    expect(() => crossEntropy(z, tensor([[0.5, 0.5]]))).toThrow(/probability target must have the input's shape/);
    expect(() => nllLoss(z, tensor([0, 1, 2]))).toThrow(DTypeError);
    expect(() => crossEntropy(z, tensor(target, { dtype: 'int32' }), { weight: tensor([1, 2]) })).toThrow(/weight must have shape \[4\]/);
  });

  it('frees its intermediates', () => {
    const z = tensor(logits).requiresGrad_();
    const before = memory().tensors;
    tidy(() => crossEntropy(z, tensor(target, { dtype: 'int32' }), { labelSmoothing: 0.1 }).backward());
    expect(memory().tensors).toBe(before + 1);
    z.grad!.dispose();
  });
});
