import { describe, expect, it } from 'vitest';
import { AvgPool2d, BatchNorm2d, Conv2d, Embedding, Flatten, Linear, Module, ReLU, Sequential, Tanh, memory, parameter, zeros } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** LeNet-5-sized CNN: conv 6@5×5, pool, conv 16@5×5, pool, 120, 84, 10. */
class SmallCnn extends Module {
  features = new Sequential(new Conv2d(1, 6, 5), new BatchNorm2d(6), new Tanh(), new AvgPool2d(2), new Conv2d(6, 16, 5), new Tanh(), new AvgPool2d(2));
  flatten = new Flatten();
  classifier = new Sequential(new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));
  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.flatten.forward(this.features.forward(x)));
  }
}

describe('Module.summary', () => {
  it('prints every layer with its output shape and own parameters, and the totals', () => {
    const net = new SmallCnn();
    net.features.at(0).requiresGrad_(false);
    const table = net.summary([2, 1, 32, 32]);
    expect(table).toBe([
      'Layer (type)                   Output shape      Param #',
      '========================================================',
      'SmallCnn                       [2, 10]                 0',
      '  features (Sequential)        [2, 16, 5, 5]           0',
      '    features.0 (Conv2d)        [2, 6, 28, 28]        156',
      '    features.1 (BatchNorm2d)   [2, 6, 28, 28]         12',
      '    features.2 (Tanh)          [2, 6, 28, 28]          0',
      '    features.3 (AvgPool2d)     [2, 6, 14, 14]          0',
      '    features.4 (Conv2d)        [2, 16, 10, 10]     2,416',
      '    features.5 (Tanh)          [2, 16, 10, 10]         0',
      '    features.6 (AvgPool2d)     [2, 16, 5, 5]           0',
      '  flatten (Flatten)            [2, 400]                0',
      '  classifier (Sequential)      [2, 10]                 0',
      '    classifier.0 (Linear)      [2, 120]           48,120',
      '    classifier.1 (ReLU)        [2, 120]                0',
      '    classifier.2 (Linear)      [2, 84]            10,164',
      '    classifier.3 (ReLU)        [2, 84]                 0',
      '    classifier.4 (Linear)      [2, 10]               850',
      '========================================================',
      'Input: [2, 1, 32, 32] float32 -> output: [2, 10]',
      'Total params: 61,718',
      'Trainable params: 61,562',
      'Non-trainable params: 156',
    ].join('\n'));
  });

  it('changes no state: modes restored, running statistics untouched, no tensor left, forward unwrapped', () => {
    const net = new SmallCnn();
    const bn = net.features.at(1) as BatchNorm2d;
    net.features.at(2).eval();
    const before = memory().tensors;
    net.summary([1, 1, 32, 32]);
    expect(memory().tensors).toBe(before);
    expect(bn.training).toBe(true);
    expect(net.features.at(2).training).toBe(false);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expect(bn.runningMean!.dataSync().every((v) => v === 0)).toBe(true);
    expect(Object.prototype.hasOwnProperty.call(net, 'forward')).toBe(false);
    expect(Object.keys(net)).not.toContain('forward');
  });

  it('marks modules called twice and never called; takes a dtype for index inputs; rejects bad shapes', () => {
    class Twice extends Module {
      emb = new Embedding(10, 4);
      act = new ReLU();
      unused = new Linear(1, 1);
      w = parameter(zeros([4]));
      forward(ids: Tensor): Tensor {
        return this.act.forward(this.act.forward(this.emb.forward(ids))).add(this.w);
      }
    }
    const table = new Twice().summary([3, 5], { dtype: 'int32' });
    expect(table).toMatch(/^  act \(ReLU\)\s+\[3, 5, 4\] \(×2\)\s+0$/m);
    expect(table).toMatch(/^  unused \(Linear\)\s+--\s+2$/m);
    expect(table).toMatch(/^Twice\s+\[3, 5, 4\]\s+4$/m);
    expect(table).toContain('Total params: 46');
    expect(() => new Twice().summary([3, -1])).toThrow(/inputShape must be non-negative integers/);
    expect(() => new SmallCnn().summary([1, 3, 32, 32])).toThrow(/conv2d/);
  });
});
