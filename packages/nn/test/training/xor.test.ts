import { describe, expect, it } from 'vitest';
import { Generator, memory, noGrad, randn, tensor, tidy, zeros } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

describe('training a tiny MLP on XOR with plain SGD', () => {
  it('reaches 100% accuracy, and the live-tensor count stays flat across 1,000 steps', () => {
    const g = new Generator(3);
    const x = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]);
    const y = tensor([[0], [1], [1], [0]]);
    const w1 = randn([2, 8], { generator: g }).requiresGrad_();
    const b1 = zeros([8]).requiresGrad_();
    const w2 = randn([8, 1], { generator: g }).requiresGrad_();
    const b2 = zeros([1]).requiresGrad_();
    const params = [w1, b1, w2, b2];
    const forward = (input: Tensor): Tensor => input.matmul(w1).add(b1).tanh().matmul(w2).add(b2);

    const sgdStep = (lr: number): number => tidy(() => {
      const logits = forward(x);
      // Binary cross-entropy with logits, stable form: max(z, 0) − z·y + log(1 + e^(−|z|)).
      const loss = logits.relu().sub(logits.mul(y)).add(logits.abs().neg().exp().log1p()).mean();
      loss.backward();
      noGrad(() => {
        for (const p of params) {
          p.assign(p.sub(p.grad!.mul(lr)));
          p.grad!.dispose();
          p.grad = null;
        }
      });
      return loss.item();
    });

    sgdStep(0.5); // warm-up: the first step may create lazily-made state
    const live = memory().tensors;
    const bytes = memory().bytes;
    const losses: number[] = [];
    for (let step = 0; step < 1000; step++) {
      losses.push(sgdStep(0.5));
      expect(memory().tensors).toBe(live);
    }
    expect(memory().bytes).toBe(bytes);
    expect(losses[999]!).toBeLessThan(losses[0]! / 10);

    const predicted = noGrad(() => tidy(() => forward(x).gt(0).int().toArray()));
    expect(predicted).toEqual([[0], [1], [1], [0]]);
  });
});
