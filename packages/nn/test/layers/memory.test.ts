import { describe, expect, it } from 'vitest';
import {
  BatchNorm2d, Conv2d, Dropout, Flatten, Linear, MaxPool2d, Module, ReLU, Sequential, crossEntropy, manualSeed, memory, noGrad, randint, randn, tidy,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

class TinyCnn extends Module {
  body = new Sequential(new Conv2d(1, 4, 3, { padding: 1 }), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2), new Flatten(), new Dropout(0.2), new Linear(4 * 4 * 4, 3));
  forward(x: Tensor): Tensor {
    return this.body.forward(x);
  }
}

describe('training memory', () => {
  it('100 SGD steps of a small CNN inside tidy keep the live-tensor count and bytes flat, and the loss falls', () => {
    manualSeed(0);
    const net = new TinyCnn();
    const x = randn([8, 1, 8, 8]);
    const y = randint(0, 3, [8]);
    const step = (): number => tidy(() => {
      const loss = crossEntropy(net.forward(x), y);
      loss.backward();
      noGrad(() => {
        for (const p of net.parameters()) p.assign(p.sub(p.grad!.mul(0.1)));
      });
      net.zeroGrad();
      return loss.item();
    });
    const first = step();
    const live = memory().tensors;
    const bytes = memory().bytes;
    let last = first;
    for (let i = 0; i < 100; i++) {
      last = step();
      expect(memory().tensors).toBe(live);
    }
    expect(memory().bytes).toBe(bytes);
    expect(last).toBeLessThan(first / 2);
    const bn = net.body.at(1) as BatchNorm2d;
    expect(bn.numBatchesTracked!.item()).toBe(101);
  });
});
