import { Generator, crossEntropy, gradcheck, memory, noGrad, randn, tensor, tidy } from '@pistil/nn';
import type { Module, Tensor } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { LENET5_C3_TABLE, LeNet5, ModernLeNet, PartialConv2d, Subsampling2d, createModel } from '../src/index.js';

const count = (m: Module): number => m.parameters().reduce((n, p) => n + p.size, 0);

describe('LeNet-5 as published', () => {
  it('has the paper\'s parameter count in every layer', () => {
    const net = new LeNet5();
    expect({
      C1: count(net.c1), S2: count(net.s2), C3: count(net.c3), S4: count(net.s4),
      C5: count(net.c5), F6: count(net.f6), output: count(net.output),
    }).toEqual({ C1: 156, S2: 12, C3: 1516, S4: 32, C5: 48120, F6: 10164, output: 850 });
    expect(count(net)).toBe(60850);
    net.dispose();
  });

  it('maps [N, 1, 32, 32] to [N, 10] through 28, 14, 10, 5 and 1 pixel maps', () => {
    const net = new LeNet5();
    const shapes: number[][] = [];
    for (const layer of [net.c1, net.s2, net.c3, net.s4, net.c5]) layer.registerForwardHook((_m, _i, out) => void shapes.push([...out.shape]));
    const out = noGrad(() => net.forward(randn([2, 1, 32, 32])));
    expect(out.shape).toEqual([2, 10]);
    expect(shapes).toEqual([[2, 6, 28, 28], [2, 6, 14, 14], [2, 16, 10, 10], [2, 16, 5, 5], [2, 120, 1, 1]]);
    net.dispose();
  });

  it('C3 connects each map only to the S2 maps of the table', () => {
    expect(LENET5_C3_TABLE.reduce((n, r) => n + r.length, 0)).toBe(60);
    const c3 = new PartialConv2d(6, LENET5_C3_TABLE, 5);
    const dense = noGrad(() => c3.denseWeight());
    const w = dense.dataSync();
    for (let o = 0; o < 16; o++) {
      for (let c = 0; c < 6; c++) {
        const block = w.subarray((o * 6 + c) * 25, (o * 6 + c + 1) * 25);
        const connected = LENET5_C3_TABLE[o]!.includes(c);
        expect(block.some((v) => v !== 0), `map ${o} ← ${c}`).toBe(connected);
      }
    }
    c3.dispose();
  });

  it('partial convolution and trainable subsampling have correct gradients', () => {
    // float64 copies of the modules; each parameter is checked by routing it through the forward.
    const conv = new PartialConv2d(3, [[0], [0, 1], [1, 2]], 2).double();
    gradcheck((x) => conv.forward(x), [randn([1, 3, 5, 4])]);
    const withParams = (k: Tensor, b: Tensor): Tensor => {
      conv.kernels.assign(k.detach());
      conv.bias.assign(b.detach());
      return conv.forward(randn([1, 3, 5, 4], { dtype: 'float64', generator: new Generator(9) }));
    };
    // Numeric side of the parameter check: perturbing kernels/bias through assign, analytic side via backward.
    const x = randn([1, 3, 5, 4], { dtype: 'float64', generator: new Generator(9) });
    tidy(() => conv.forward(x).sum().backward());
    const k0 = conv.kernels.detach().clone();
    const b0 = conv.bias.detach().clone();
    const numeric = (t: Tensor, i: number): number => {
      const h = 1e-6;
      const at = (d: number) => noGrad(() => tidy(() => {
        const moved = t.dataSync().slice();
        moved[i]! += d;
        const isK = t === k0;
        return withParams(isK ? tensor(moved, { shape: k0.shape }) : k0, isK ? b0 : tensor(moved)).sum().item();
      }));
      return (at(h) - at(-h)) / (2 * h);
    };
    const gk = conv.kernels.grad!.dataSync();
    for (let i = 0; i < gk.length; i++) expect(gk[i]!).toBeCloseTo(numeric(k0, i), 5);
    const gb = conv.bias.grad!.dataSync();
    for (let i = 0; i < gb.length; i++) expect(gb[i]!).toBeCloseTo(numeric(b0, i), 5);
    const sub = new Subsampling2d(2).double();
    gradcheck((x2) => sub.forward(x2), [randn([2, 2, 4, 6])]);
    conv.dispose();
    sub.dispose();
  });

  it('a training step leaves no tensors behind', () => {
    const net = new LeNet5();
    const x = randn([4, 1, 32, 32]);
    const step = () => tidy(() => {
      net.forward(x).square().mean().backward();
      net.zeroGrad();
    });
    step();
    const before = memory().tensors;
    for (let i = 0; i < 5; i++) step();
    expect(memory().tensors).toBe(before);
    net.dispose();
  });
});

describe('modern LeNet', () => {
  it('maps [N, 1, 28, 28] to [N, 10] and is rebuilt from its config', () => {
    const net = createModel({ model: 'modern', modern: { channels: [8, 16] } });
    expect(net).toBeInstanceOf(ModernLeNet);
    expect(noGrad(() => net.eval().forward(randn([3, 1, 28, 28]))).shape).toEqual([3, 10]);
    expect(net.summary([1, 1, 28, 28])).toMatch(/BatchNorm2d/);
    net.dispose();
    expect(() => createModel({ model: 'nope' as 'modern' })).toThrow(/unknown model 'nope'/);
  });

  it('trains: loss falls on a fixed batch', () => {
    const net = createModel({ model: 'modern', modern: { dropout: 0 } });
    const x = randn([16, 1, 28, 28]);
    const y = tensor(Array.from({ length: 16 }, (_, i) => i % 10), { dtype: 'int32' });
    const losses: number[] = [];
    for (let i = 0; i < 20; i++) {
      losses.push(tidy(() => {
        const loss = crossEntropy(net.forward(x), y);
        loss.backward();
        for (const p of net.parameters()) {
          p.assign(noGrad(() => p.sub(p.grad!.mul(0.1))));
        }
        net.zeroGrad();
        return loss.item();
      }));
    }
    expect(losses[19]!).toBeLessThan(losses[0]! * 0.5);
    net.dispose();
  });
});
