import { describe, expect, it } from 'vitest';
import { DTypeError, Embedding, embedding, gradcheck, manualSeed, tensor, tidy } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { rand, toT } from '../linalg/ref.js';

describe('Embedding', () => {
  it('looks up rows for indices of any shape → [...shape, dim]', () => {
    const emb = new Embedding(5, 3);
    const w = Array.from(emb.weight.dataSync());
    const ids = [[4, 0, 2], [2, 2, 1]];
    const y = emb.forward(tensor(ids, { dtype: 'int32' }));
    expect(y.shape).toEqual([2, 3, 3]);
    expectClose(y, ids.flat().flatMap((i) => w.slice(3 * i, 3 * i + 3)), 0);
    expect(emb.forward(tensor(3, { dtype: 'int32' })).shape).toEqual([3]);
  });

  it('starts N(0, 1) with the padding row zero; the padding row gets no gradient', () => {
    manualSeed(2);
    const emb = new Embedding(2000, 50, { paddingIdx: -1 });
    expect(emb.paddingIdx).toBe(1999);
    const w = emb.weight.dataSync();
    const rest = Array.from(w.slice(0, 1999 * 50));
    const mean = rest.reduce((s, v) => s + v, 0) / rest.length;
    const std = Math.sqrt(rest.reduce((s, v) => s + (v - mean) ** 2, 0) / rest.length);
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(std - 1)).toBeLessThan(0.01);
    expect(Array.from(w.slice(1999 * 50)).every((v) => v === 0)).toBe(true);

    const small = new Embedding(4, 2, { paddingIdx: 0 });
    tidy(() => small.forward(tensor([0, 1, 1, 3, 0], { dtype: 'int32' })).sum().backward());
    expectClose(small.weight.grad!, [[0, 0], [2, 2], [0, 0], [1, 1]], 0);
  });

  it('gradients scatter-add into the rows used (gradcheck), and fromPretrained takes weights frozen or not', () => {
    gradcheck((w) => embedding(tensor([[1, 0], [1, 2]], { dtype: 'int32' }), w!), [toT(rand([3, 2], 1))]);
    const weights = tensor([[1, 2], [3, 4]]);
    const frozen = Embedding.fromPretrained(weights);
    expect(frozen.weight).toBe(weights);
    expect(frozen.weight.requiresGrad).toBe(false);
    expect(frozen.parameters()).toEqual([weights]);
    expectClose(frozen.forward(tensor([1], { dtype: 'int32' })), [[3, 4]], 0);
    expect(Embedding.fromPretrained(tensor([[1, 2]]), { freeze: false }).weight.requiresGrad).toBe(true);
  });

  it('errors name the problem: float indices, out-of-range indices, bad paddingIdx', () => {
    const emb = new Embedding(3, 2);
    expect(() => emb.forward(tensor([0, 1]))).toThrow(DTypeError);
    expect(() => emb.forward(tensor([0, 3], { dtype: 'int32' }))).toThrow(/indexSelect: index holds a position outside \[0, 3\)/);
    expect(() => new Embedding(3, 2, { paddingIdx: 3 })).toThrow(/Embedding: paddingIdx must be an integer in \[-3, 3\), got 3/);
    expect(() => new Embedding(0, 2)).toThrow(/numEmbeddings must be an integer ≥ 1/);
  });
});
