import { DTypeError, ShapeError, memory, tensor } from '@pistil/nn';
import type { NestedArray } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { Accuracy, ConfusionMatrix, Mean, accuracy, topKAccuracy } from '../src/index.js';

const int = (v: NestedArray) => tensor(v, { dtype: 'int32' });

// Scores for 4 samples over 3 classes; argmax per row: 1, 0, 2, 1.
const SCORES = [
  [0.1, 0.7, 0.2], // top-1: 1; order 1, 2, 0
  [0.9, 0.05, 0.05], // top-1: 0; order 0, 1, 2 (tie broken by index)
  [0.2, 0.3, 0.5], // top-1: 2; order 2, 1, 0
  [0.1, 0.5, 0.5], // top-1: 1 (tie with 2, lower index first); order 1, 2, 0
];

describe('accuracy', () => {
  it('counts argmax hits of scores [N, C] (hand count: 2 of 4)', () => {
    expect(accuracy(tensor(SCORES), int([1, 2, 2, 2]))).toBe(2 / 4);
    expect(accuracy(tensor(SCORES), int([1, 0, 2, 1]))).toBe(1);
  });

  it('takes predicted classes of the targets’ shape', () => {
    expect(accuracy(int([0, 1, 2, 2, 1]), int([0, 1, 1, 2, 0]))).toBe(3 / 5);
  });

  it('handles scores [N, C, H, W] against targets [N, H, W] (segmentation)', () => {
    // N = 1, C = 2, H = 1, W = 3: class 1 wins at w = 0 and 2, class 0 at w = 1.
    const scores = tensor([[[[0, 5, 1]], [[1, 2, 3]]]]);
    expect(accuracy(scores, int([[[1, 0, 0]]]))).toBe(2 / 3);
  });

  it('skips targets equal to ignoreIndex', () => {
    expect(accuracy(tensor(SCORES), int([1, -100, 0, -100]), { ignoreIndex: -100 })).toBe(1 / 2);
  });

  it('is NaN when no sample counts', () => {
    expect(accuracy(tensor(SCORES), int([-1, -1, -1, -1]), { ignoreIndex: -1 })).toBeNaN();
  });

  it('names what is wrong with bad input', () => {
    expect(() => accuracy(tensor(SCORES), tensor([1, 0, 2, 2]))).toThrow(DTypeError);
    expect(() => accuracy(tensor(SCORES), tensor([1, 0, 2, 2]))).toThrow(/targets must be int32 class indices, got \[4\] float32/);
    expect(() => accuracy(tensor(SCORES), int([1, 0, 2]))).toThrow(ShapeError);
    expect(() => accuracy(tensor(SCORES), int([1, 0, 2]))).toThrow(/scores \[4, 3\] do not match targets \[3\]/);
    expect(() => accuracy(tensor(SCORES), int([1, 0, 3, 2]))).toThrow(/target 3 at flat index 2 is out of range for 3 classes/);
    expect(() => accuracy(tensor([0.2, 0.8]), int([0, 1]))).toThrow(/predictions .* must be int32 class indices, got \[2\] float32/);
    expect(() => accuracy(tensor([[1, 2]]), int([[0, 1], [1, 0]]))).toThrow(/neither scores/);
  });

  it('leaves no tensor behind', () => {
    const scores = tensor(SCORES);
    const targets = int([1, 0, 2, 1]);
    const before = memory().tensors;
    accuracy(scores, targets);
    topKAccuracy(scores, targets, 2);
    expect(memory().tensors).toBe(before);
  });
});

describe('topKAccuracy', () => {
  it('counts targets among the k highest scores (hand count)', () => {
    const targets = int([2, 2, 0, 0]);
    // Ranks of the targets: row 0 class 2 → 2nd; row 1 class 2 → 3rd (tie with 1, lower index first); row 2 class 0 → 3rd; row 3 class 0 → 3rd.
    expect(topKAccuracy(tensor(SCORES), targets, 1)).toBe(0);
    expect(topKAccuracy(tensor(SCORES), targets, 2)).toBe(1 / 4);
    expect(topKAccuracy(tensor(SCORES), targets, 3)).toBe(1);
  });

  it('with k = 1 agrees with accuracy, ties included', () => {
    const targets = int([1, 0, 2, 2]);
    expect(topKAccuracy(tensor(SCORES), targets, 1)).toBe(accuracy(tensor(SCORES), targets));
  });

  it('matches a float64 reference on random scores', () => {
    const n = 50;
    const c = 7;
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const rows = Array.from({ length: n }, () => Array.from({ length: c }, () => Math.round(rnd() * 20) / 4)); // ties happen
    const targets = Array.from({ length: n }, () => Math.floor(rnd() * c));
    for (const k of [1, 2, 3, 5]) {
      let hits = 0;
      rows.forEach((row, i) => {
        const order = row.map((v, j) => [v, j] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
        if (order.slice(0, k).some(([, j]) => j === targets[i])) hits++;
      });
      expect(topKAccuracy(tensor(rows), int(targets), k)).toBe(hits / n);
    }
  });

  it('rejects k outside [1, C] and predictions instead of scores', () => {
    expect(() => topKAccuracy(tensor(SCORES), int([0, 0, 0, 0]), 4)).toThrow(/k must be an integer in \[1, 3\] for 3 classes, got 4/);
    expect(() => topKAccuracy(tensor(SCORES), int([0, 0, 0, 0]), 0)).toThrow(RangeError);
    expect(() => topKAccuracy(int([0, 1]), int([0, 1]), 1)).toThrow(/needs scores \[N, C, …\]/);
  });
});

describe('Mean', () => {
  it('is a weighted running mean of numbers and tensor elements', () => {
    const m = new Mean();
    expect(m.compute()).toBeNaN();
    m.update(2, 3); // 6 over weight 3
    m.update(tensor([1, 2, 3])); // 6 over 3
    expect(m.compute()).toBe(12 / 6);
    m.reset();
    m.update(5);
    expect(m.compute()).toBe(5);
  });

  it('rejects a negative weight', () => {
    expect(() => new Mean().update(1, -1)).toThrow(/weight must be a finite number ≥ 0, got -1/);
  });
});

describe('Accuracy (streaming)', () => {
  it('accumulates over batches and resets', () => {
    const acc = new Accuracy();
    acc.update(tensor(SCORES), int([1, 2, 2, 2])); // 2 of 4
    acc.update(tensor([[0, 1], [1, 0]]), int([1, 1])); // 1 of 2
    expect(acc.compute()).toBe(3 / 6);
    acc.reset();
    expect(acc.compute()).toBeNaN();
  });

  it('counts top-k with topK', () => {
    const acc = new Accuracy({ topK: 2 });
    acc.update(tensor(SCORES), int([2, 2, 0, 0]));
    expect(acc.compute()).toBe(1 / 4);
    expect(() => new Accuracy({ topK: 0 })).toThrow(/topK must be a positive integer, got 0/);
  });
});

describe('ConfusionMatrix', () => {
  it('accumulates counts over batches (rows true, columns predicted)', () => {
    const cm = new ConfusionMatrix(3);
    cm.update(tensor(SCORES), int([1, 0, 2, 2])); // predicted 1, 0, 2, 1
    cm.update(int([0, 0, 2]), int([0, 1, 1])); // predicted 0, 0, 2
    // Pairs (true, predicted): (1,1) (0,0) (2,2) (2,1), then (0,0) (1,0) (1,2).
    expect(cm.matrix).toEqual([
      [2, 0, 0],
      [1, 1, 1],
      [0, 1, 1],
    ]);
    expect(cm.total).toBe(7);
    expect(cm.accuracy()).toBe(4 / 7);
    expect(cm.recall()).toEqual([1, 1 / 3, 1 / 2]);
    expect(cm.perClassAccuracy()).toEqual(cm.recall());
    expect(cm.precision()).toEqual([2 / 3, 1 / 2, 1 / 2]);
    const f1 = cm.f1();
    expect(f1[0]).toBeCloseTo((2 * (2 / 3) * 1) / (2 / 3 + 1), 12);
    expect(f1[1]).toBeCloseTo((2 * (1 / 2) * (1 / 3)) / (1 / 2 + 1 / 3), 12);
    expect(f1[2]).toBeCloseTo(1 / 2, 12);
  });

  it('gives NaN for a class with no samples, and resets', () => {
    const cm = new ConfusionMatrix(3);
    cm.update(int([0, 1]), int([0, 0]));
    expect(cm.recall()[0]).toBe(1 / 2);
    expect(cm.recall()[1]).toBeNaN();
    expect(cm.precision()[2]).toBeNaN();
    cm.reset();
    expect(cm.total).toBe(0);
    expect(cm.accuracy()).toBeNaN();
  });

  it('prints a table with labels, recall, precision and accuracy', () => {
    const cm = new ConfusionMatrix(2, { labels: ['cat', 'dog'] });
    cm.update(int([0, 0, 1, 1, 1]), int([0, 1, 1, 1, 0]));
    const text = cm.toString();
    expect(text.split('\n')).toEqual([
      'true\\pred    cat    dog   recall',
      'cat            1      1    50.0%',
      'dog            1      2    66.7%',
      'precision  50.0%  66.7%',
      'accuracy 60.0% of 5',
    ]);
  });

  it('checks its input and leaves the counts unchanged on a bad batch', () => {
    expect(() => new ConfusionMatrix(0)).toThrow(/numClasses must be a positive integer, got 0/);
    expect(() => new ConfusionMatrix(2, { labels: ['a'] })).toThrow(/1 labels given for 2 classes/);
    const cm = new ConfusionMatrix(2);
    expect(() => cm.update(tensor([[1, 2, 3]]), int([0]))).toThrow(/scores have 3 classes, the matrix 2/);
    expect(() => cm.update(int([0, 2]), int([0, 1]))).toThrow(/prediction 2 at flat index 1 is out of range for 2 classes/);
    expect(() => cm.update(int([0, 1]), int([0, 5]))).toThrow(/target 5 at flat index 1 is out of range/);
    expect(cm.total).toBe(0);
  });
});
