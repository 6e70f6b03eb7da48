import { describe, expect, it } from 'vitest';
import {
  backward, cat, chunk, concat, flatten, flip, gather, index, indexSelect, maskedFill, memory, narrow, oneHot, pad, permute,
  randn, repeat, scatterAdd, select, slice, split, squeeze, stack, sum, t, tensor, tidy, tile, transpose, unbind, unsqueeze,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { ints } from './ref.js';

/** Every op of the group once; returns the outputs (several for the splitting ops). */
function everyOp(x: Tensor, y: Tensor): Tensor[] {
  const i = ints([1, 0, 2, 2, 1, 0], [2, 3]);
  return [
    flatten(x), squeeze(unsqueeze(x, 0)), transpose(x, 0, 1), permute(x, [1, 0]), t(x),
    slice(x, 1, null, null, -2), narrow(x, 0, 1, 2), select(x, 1, 2), index(x, [0, 3, 2], [2, 0, 1]), index(x, 1, ints([2, 2])),
    flip(x, [0, 1]), concat([x, y]), cat([y, x], 0), stack([x, x], 1), ...split(x, 2), ...chunk(x, 2, 1), ...unbind(x),
    pad(x, [1, 2, 2, 1]), pad(x, [1, 2, 2, 1], 'reflect'), pad(x, [1, 1], 'replicate'), pad(x, [-1, 1]),
    gather(x, 1, i), indexSelect(x, 0, [2, 2]), scatterAdd(x, 1, i, y), repeat(x, [2, 1]), tile(x, [2]),
    maskedFill(x, tensor([true, false, true]), 0),
  ];
}

describe('shape ops memory', () => {
  it('forward and backward inside tidy leave no tensors behind', () => {
    const before = memory().tensors;
    tidy(() => {
      const x = randn([3, 3], { dtype: 'float64' }).requiresGrad_();
      const y = randn([3, 3], { dtype: 'float64' }).requiresGrad_();
      const outs = everyOp(x, y);
      backward(outs.map((o) => sum(o)).reduce((p, q) => p.add(q)));
      expect(x.grad).not.toBeNull();
      oneHot(ints([0, 2]), 3);
    });
    expect(memory().tensors).toBe(before);
  });

  it('without autograd, each op leaves only its outputs alive (no leaked temporaries)', () => {
    const x = randn([3, 3]);
    const y = randn([3, 3]);
    const i = ints([1, 0, 2, 2, 1, 0], [2, 3]);
    const mask = tensor([true, false, true]);
    const cases: [string, () => Tensor | Tensor[]][] = [
      ['select', () => select(x, 1, 2)], ['index', () => index(x, [0, 3, 2], [2, 0, 1])], ['index', () => index(x, 1, [2, 2])],
      ['stack', () => stack([x, y])], ['concat', () => concat([x, y.int()])], ['pad', () => pad(x, [-1, 1])],
      ['pad', () => pad(x, [1, 1], 'reflect')], ['gather', () => gather(x, 1, i)], ['indexSelect', () => indexSelect(x, 0, [2, 2])],
      ['scatterAdd', () => scatterAdd(x, 1, i, y)], ['repeat', () => repeat(x, [2, 3])], ['maskedFill', () => maskedFill(x, mask, 1)],
      ['oneHot', () => oneHot(i, 3)], ['split', () => split(x, 2)], ['unbind', () => unbind(x)], ['flatten', () => flatten(x)],
    ];
    for (const [name, run] of cases) {
      const before = memory().tensors;
      const out = run();
      const n = Array.isArray(out) ? out.length : 1;
      const extra = name === 'concat' ? 1 : 0; // y.int() made by the test itself
      expect(memory().tensors - before, name).toBe(n + extra);
      for (const o of Array.isArray(out) ? out : [out]) o.dispose();
    }
  });

  it('gradients flowing through recorded ops are released after backward without createGraph', () => {
    const x = randn([3, 3], { dtype: 'float64' }).requiresGrad_();
    const y = randn([3, 3], { dtype: 'float64' }).requiresGrad_();
    const before = memory().tensors;
    tidy(() => {
      const outs = everyOp(x, y);
      backward(outs.map((o) => sum(o)).reduce((p, q) => p.add(q)));
    });
    // Only the two .grad tensors survive the scope.
    expect(memory().tensors - before).toBe(2);
    x.grad!.dispose();
    y.grad!.dispose();
    x.grad = null;
    y.grad = null;
  });
});
