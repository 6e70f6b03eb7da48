import { describe, expect, it } from 'vitest';
import { Generator, keep, memory, randn, tensor, tidy, zeros } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from '../src/index.js';
import type { Optimizer } from '../src/index.js';

/** y = X·[2, −3, 0.5] + 1 on 64 random points; the fit must drive the mean squared error near 0. */
function fit(make: (params: Tensor[]) => Optimizer, steps: number): { first: number; last: number; w: number[]; b: number } {
  const g = new Generator(42);
  const x = keep(randn([64, 3], { generator: g }));
  const y = keep(x.matmul(tensor([[2], [-3], [0.5]])).add(1));
  const w = keep(zeros([3, 1]).requiresGrad_());
  const b = keep(zeros([1]).requiresGrad_());
  const opt = make([w, b]);
  const live = memory().tensors;
  const losses: number[] = [];
  for (let s = 0; s < steps; s++) {
    losses.push(
      tidy(() => {
        opt.zeroGrad();
        const loss = x.matmul(w).add(b).sub(y).square().mean();
        loss.backward();
        opt.step();
        return loss.item();
      }),
    );
  }
  opt.zeroGrad();
  opt.dispose();
  expect(memory().tensors).toBe(live);
  const result = { first: losses[0]!, last: losses[steps - 1]!, w: Array.from(w.dataSync()), b: b.dataSync()[0]! };
  for (const t of [x, y, w, b]) t.dispose();
  return result;
}

describe('each optimizer fits a linear regression', () => {
  const cases: [string, (ps: Tensor[]) => Optimizer, number][] = [
    ['SGD with momentum', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9 }), 150],
    ['SGD, Nesterov', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true }), 150],
    ['Adam', (ps) => new Adam(ps, { lr: 0.1 }), 300],
    ['AdamW', (ps) => new AdamW(ps, { lr: 0.1, weightDecay: 1e-4 }), 300],
    ['RMSprop with momentum', (ps) => new RMSprop(ps, { lr: 0.003, momentum: 0.9 }), 300],
    ['Adagrad', (ps) => new Adagrad(ps, { lr: 1 }), 300],
  ];
  for (const [name, make, steps] of cases) {
    it(`${name}: the loss falls from above 5 to below 1e-3 in ${steps} steps`, () => {
      const { first, last, w, b } = fit(make, steps);
      expect(first).toBeGreaterThan(5);
      expect(last).toBeLessThan(1e-3);
      [2, -3, 0.5].forEach((want, i) => expect(w[i]).toBeCloseTo(want, 1));
      expect(b).toBeCloseTo(1, 1);
    });
  }
});
