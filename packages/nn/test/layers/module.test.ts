import { registerBackend, removeBackend } from '@pistil/backend';
import { createCpuBackend } from '@pistil/backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BatchNorm2d, Conv2d, Dropout, Flatten, Linear, MaxPool2d, Module, ModuleList, ReLU, Sequential, StateDictError, Tensor,
  buffer, manualSeed, memory, noGrad, ones, parameter, randn, tensor, tidy, zeros,
} from '../../src/index.js';
import { expectClose } from '../helpers.js';

class Block extends Module {
  conv = new Conv2d(2, 3, 3, { padding: 1 });
  bn = new BatchNorm2d(3);
  forward(x: Tensor): Tensor {
    return this.bn.forward(this.conv.forward(x)).relu();
  }
}

class Net extends Module {
  features = new Sequential(new Conv2d(1, 2, 3), new ReLU(), new Block());
  scale = parameter(ones([1]));
  head = new Linear(3, 4);
  drop = new Dropout(0.5);
  notSaved = ones([2]); // a plain tensor field: not a parameter, not a buffer
  forward(x: Tensor): Tensor {
    const f = this.features.forward(x).mean([2, 3]);
    return this.head.forward(this.drop.forward(f)).mul(this.scale);
  }
}

describe('Module registration', () => {
  it('names parameters PyTorch-style, in field order, children before later fields', () => {
    const net = new Net();
    expect(net.namedParameters().map(([n, p]) => [n, p.shape])).toEqual([
      ['scale', [1]],
      ['features.0.weight', [2, 1, 3, 3]], ['features.0.bias', [2]],
      ['features.2.conv.weight', [3, 2, 3, 3]], ['features.2.conv.bias', [3]],
      ['features.2.bn.weight', [3]], ['features.2.bn.bias', [3]],
      ['head.weight', [4, 3]], ['head.bias', [4]],
    ]);
    expect(net.parameters()).toHaveLength(9);
    expect(net.parameters().every((p) => p.requiresGrad && p.kept)).toBe(true);
    expect(net.namedBuffers().map(([n]) => n)).toEqual(['features.2.bn.runningMean', 'features.2.bn.runningVar', 'features.2.bn.numBatchesTracked']);
    expect(net.namedChildren().map(([n]) => n)).toEqual(['features', 'head', 'drop']);
    expect(net.namedModules().map(([n, m]) => `${n}:${m.constructor.name}`)).toEqual([
      ':Net', 'features:Sequential', 'features.0:Conv2d', 'features.1:ReLU', 'features.2:Block', 'features.2.conv:Conv2d', 'features.2.bn:BatchNorm2d', 'head:Linear', 'drop:Dropout',
    ]);
    expect(net.parameters(false)).toEqual([net.scale]);
    expect(net.namedParameters('model').map(([n]) => n)[1]).toBe('model.features.0.weight');
  });

  it('lists a shared parameter once (weight tying), and a shared module once', () => {
    class Tied extends Module {
      enc = new Linear(3, 3);
      dec = new Linear(3, 3);
      again = this.enc;
      constructor() {
        super();
        this.dec.weight = this.enc.weight;
      }
      forward(x: Tensor): Tensor {
        return this.dec.forward(this.enc.forward(x));
      }
    }
    const m = new Tied();
    expect(m.namedParameters().map(([n]) => n)).toEqual(['enc.weight', 'enc.bias', 'dec.bias']);
    expect(m.modules()).toHaveLength(3);
    expect(Object.keys(m.stateDict())).toEqual(['enc.weight', 'enc.bias', 'dec.weight', 'dec.bias']);
  });

  it('registerModule/Parameter/Buffer register under computed names; bad names are errors', () => {
    class Dyn extends Module {
      constructor() {
        super();
        for (let i = 0; i < 2; i++) this.registerModule(`layer${i}`, new Linear(2, 2));
        this.registerParameter('alpha', zeros([1]));
        this.registerBuffer('steps', zeros([1]));
        this.registerBuffer('cache', zeros([1]), { persistent: false });
      }
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    const d = new Dyn();
    expect(d.namedParameters().map(([n]) => n)).toEqual(['alpha', 'layer0.weight', 'layer0.bias', 'layer1.weight', 'layer1.bias']);
    expect(d.namedBuffers().map(([n]) => n)).toEqual(['steps', 'cache']);
    expect(Object.keys(d.stateDict())).toEqual(['alpha', 'steps', 'layer0.weight', 'layer0.bias', 'layer1.weight', 'layer1.bias']);
    expect(() => d.registerModule('a.b', new ReLU())).toThrow(/without '\.'/);
    expect(() => d.registerParameter('forward', zeros([1]))).toThrow(/'forward' is already a method/);
    expect(() => d.registerModule('x', {} as Module)).toThrow(/expected a Module/);
  });

  it('an array of modules in a field is an error that points to ModuleList', () => {
    class Bad extends Module {
      layers = [new Linear(2, 2)];
      forward(x: Tensor): Tensor {
        return x;
      }
    }
    expect(() => new Bad().parameters()).toThrow(/Bad\.layers: an array of Modules.*use ModuleList/);
  });

  it('parameter() and buffer() mark tensors; parameter() rejects non-leaves and non-tensors', () => {
    const p = parameter(zeros([2]));
    expect(p.requiresGrad && p.kept).toBe(true);
    const frozen = parameter(zeros([2]), false);
    expect(frozen.requiresGrad).toBe(false);
    expect(buffer(zeros([2])).kept).toBe(true);
    const x = randn([2]).requiresGrad_();
    expect(() => parameter(x.mul(2))).toThrow(/recorded op/);
    expect(() => parameter(3 as unknown as Tensor)).toThrow(/expected a Tensor/);
  });
});

describe('train / eval, hooks, zeroGrad', () => {
  it('train() and eval() reach every descendant; Dropout follows', () => {
    const net = new Net();
    expect(net.modules().every((m) => m.training)).toBe(true);
    expect(net.eval()).toBe(net);
    expect(net.modules().every((m) => !m.training)).toBe(true);
    const x = ones([1, 3]);
    expect(net.drop.forward(x)).toBe(x); // identity in eval
    net.train();
    expect(net.features.at(2).training).toBe(true);
    manualSeed(1);
    const dropped = net.drop.forward(ones([1, 1000])).dataSync();
    expect(new Set(dropped)).toEqual(new Set([0, 2]));
  });

  it('call() runs pre-hooks and hooks, forward() does not; handles remove them', () => {
    const lin = new Linear(2, 2);
    const seen: number[][] = [];
    const pre = lin.registerForwardPreHook((_m, inputs) => [inputs[0]!.mul(0)]);
    const post = lin.registerForwardHook((_m, _inputs, out) => {
      seen.push([...out.shape]);
      return out.add(1);
    });
    const x = ones([3, 2]);
    expectClose(lin.call(x), Array(6).fill(0).map((_, i) => lin.bias!.dataSync()[i % 2]! + 1), 1e-6);
    expect(seen).toEqual([[3, 2]]);
    lin.forward(x);
    expect(seen).toHaveLength(1);
    pre.remove();
    post.remove();
    expectClose(lin.call(x), lin.forward(x).toArray(), 1e-7);
    expect(seen).toHaveLength(1);
  });

  it('Sequential runs children through call(), so their hooks fire', () => {
    const relu = new ReLU();
    let calls = 0;
    relu.registerForwardHook(() => void calls++);
    new Sequential(new Linear(2, 2), relu).forward(ones([1, 2]));
    expect(calls).toBe(1);
  });

  it('zeroGrad frees gradients (setToNone) or zero-fills them', () => {
    const lin = new Linear(3, 2);
    const before = memory().tensors;
    tidy(() => lin.forward(ones([4, 3])).sum().backward());
    expect(lin.weight.grad).not.toBeNull();
    expect(memory().tensors).toBe(before + 2);
    lin.zeroGrad(false);
    expectClose(lin.weight.grad!, Array(6).fill(0));
    expect(memory().tensors).toBe(before + 2);
    lin.zeroGrad();
    expect(lin.weight.grad).toBeNull();
    expect(lin.bias!.grad).toBeNull();
    expect(memory().tensors).toBe(before);
  });

  it('requiresGrad_(false) freezes every parameter; apply() visits children then self', () => {
    const net = new Net();
    net.features.requiresGrad_(false);
    expect(net.features.parameters().every((p) => !p.requiresGrad)).toBe(true);
    expect(net.head.weight.requiresGrad).toBe(true);
    const order: string[] = [];
    net.head.apply((m) => order.push(m.constructor.name));
    new Sequential(new ReLU(), new Flatten()).apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(['Linear', 'ReLU', 'Flatten', 'Sequential']);
  });
});

describe('stateDict / loadStateDict', () => {
  it('stateDict holds the tensors themselves: parameters, then persistent buffers, per module', () => {
    const net = new Net();
    const sd = net.stateDict();
    expect(sd['head.weight']).toBe(net.head.weight);
    expect(sd['features.2.bn.runningVar']).toBe((net.features.at(2) as Block).bn.runningVar);
    expect(Object.keys(sd)).not.toContain('notSaved');
    expect(Object.keys(sd).slice(0, 3)).toEqual(['scale', 'features.0.weight', 'features.0.bias']);
  });

  it('round trip: a second model takes every value, keeping its own tensor identities', () => {
    manualSeed(1);
    const a = new Net();
    manualSeed(2);
    const b = new Net();
    const headWeight = b.head.weight;
    expect(headWeight.dataSync()).not.toEqual(a.head.weight.dataSync());
    expect(b.loadStateDict(a.stateDict())).toEqual({ missingKeys: [], unexpectedKeys: [] });
    expect(b.head.weight).toBe(headWeight);
    for (const [k, t] of Object.entries(a.stateDict())) expect(b.stateDict()[k]!.dataSync(), k).toEqual(t.dataSync());
    a.eval();
    b.eval();
    const x = randn([2, 1, 6, 6]);
    expectClose(b.forward(x), a.forward(x).toArray(), 0);
  });

  it('names every problem: missing and unexpected keys, size and dtype mismatches', () => {
    const net = new Net();
    const sd = { ...net.stateDict() };
    delete sd['head.bias'];
    sd['extra.weight'] = zeros([1]);
    sd['head.weight'] = zeros([4, 5]);
    sd['features.2.bn.numBatchesTracked'] = zeros([]);
    let err: unknown;
    try {
      net.loadStateDict(sd);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(StateDictError);
    const e = err as StateDictError;
    expect(e.message).toContain('loading into Net');
    expect(e.message).toContain('missing keys: head.bias');
    expect(e.message).toContain('unexpected keys: extra.weight');
    expect(e.message).toContain('size mismatch for head.weight: checkpoint [4, 5], model [4, 3]');
    expect(e.message).toContain('dtype mismatch for features.2.bn.numBatchesTracked: checkpoint float32, model int32');
    expect(e.missingKeys).toEqual(['head.bias']);
    expect(e.unexpectedKeys).toEqual(['extra.weight']);
  });

  it('nothing is copied when any check fails', () => {
    const net = new Net();
    const before = net.scale.dataSync().slice();
    expect(() => net.loadStateDict({ ...net.stateDict(), scale: full1(7), 'head.weight': zeros([1]) })).toThrow(StateDictError);
    expect(net.scale.dataSync()).toEqual(before);
  });

  it('strict: false loads what matches and reports the rest; shape mismatches still throw', () => {
    const net = new Net();
    const result = net.loadStateDict({ scale: full1(3), bogus: zeros([1]) }, { strict: false });
    expect(net.scale.item()).toBe(3);
    expect(result.unexpectedKeys).toEqual(['bogus']);
    expect(result.missingKeys).toHaveLength(Object.keys(net.stateDict()).length - 1);
    expect(() => net.loadStateDict({ scale: zeros([2]) }, { strict: false })).toThrow(/size mismatch for scale: checkpoint \[2\], model \[1\]/);
    expect(() => net.loadStateDict({ scale: 1 as unknown as Tensor }, { strict: false })).toThrow(/scale: expected a Tensor/);
  });

  it('float64 values load into a float32 model (cast, as PyTorch copy_)', () => {
    const lin = new Linear(2, 1);
    lin.loadStateDict({ weight: tensor([[0.5, 0.25]], { dtype: 'float64' }), bias: tensor([1], { dtype: 'float64' }) });
    expect(lin.weight.dtype).toBe('float32');
    expectClose(lin.forward(tensor([[2, 4]])), [[3]]);
  });
});

// A second CPU backend under another name stands in for a GPU device.
beforeAll(() => registerBackend('cpu2', () => createCpuBackend()));
afterAll(() => removeBackend('cpu2'));

describe('devices, dtypes, dispose, printing', () => {
  it('to(device) moves parameters (with gradients), buffers and shared tensors; old ones are freed', () => {
    const net = new Net();
    const tiedTo = new Linear(3, 4);
    tiedTo.weight = net.head.weight;
    class Pair extends Module {
      a = net;
      b = tiedTo;
      forward(x: Tensor): Tensor {
        return this.a.forward(x);
      }
    }
    const pair = new Pair();
    tidy(() => pair.forward(ones([1, 1, 5, 5])).sum().backward());
    const values = Object.fromEntries(Object.entries(pair.stateDict()).map(([k, t]) => [k, Array.from(t.dataSync())]));
    const cpuBefore = memory().devices.cpu!.tensors;
    const count = pair.parameters().length + pair.buffers().length + pair.parameters().filter((p) => p.grad).length;
    expect(pair.to('cpu2')).toBe(pair);
    for (const [k, t] of Object.entries(pair.stateDict())) {
      expect(t.device, k).toBe('cpu2');
      expect(Array.from(t.dataSync()), k).toEqual(values[k]);
    }
    expect(net.head.weight.grad!.device).toBe('cpu2');
    expect(net.head.weight.requiresGrad && net.head.weight.kept).toBe(true);
    expect(tiedTo.weight).toBe(net.head.weight);
    expect(memory().devices.cpu!.tensors).toBe(cpuBefore - count);
    net.eval();
    expect(tidy(() => net.forward(ones([1, 1, 5, 5]).to('cpu2')).device)).toBe('cpu2');
    pair.to('cpu');
    expect(net.head.bias!.device).toBe('cpu');
    pair.dispose();
    expect(memory().devices.cpu2!.tensors).toBe(0);
  });

  it('resetParameters() redraws Linear weights; BatchNorm resets running statistics and its affine parameters', () => {
    const lin = new Linear(4, 4);
    const w = Array.from(lin.weight.dataSync());
    lin.resetParameters();
    expect(Array.from(lin.weight.dataSync())).not.toEqual(w);
    const bn = new BatchNorm2d(2);
    noGrad(() => bn.weight!.assign(tensor([3, 3])));
    bn.forward(randn([4, 2, 2, 2]));
    bn.resetParameters();
    expect(Array.from(bn.runningMean!.dataSync())).toEqual([0, 0]);
    expect(Array.from(bn.runningVar!.dataSync())).toEqual([1, 1]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    expect(Array.from(bn.weight!.dataSync())).toEqual([1, 1]);
  });

  it('to() the same device is a no-op keeping identities', () => {
    const net = new Net();
    const params = net.parameters();
    expect(net.to('cpu')).toBe(net);
    expect(net.parameters()).toEqual(params);
    expect(() => net.to('nowhere')).toThrow(/nowhere/);
  });

  it('double() casts parameters and buffers, keeping roles, gradients and tying', () => {
    const lin = new Linear(2, 2);
    tidy(() => lin.forward(ones([1, 2])).sum().backward());
    const w = lin.weight.dataSync();
    const before = memory().tensors;
    lin.double();
    expect(lin.weight.dtype).toBe('float64');
    expect(lin.weight.requiresGrad && lin.weight.kept).toBe(true);
    expect(lin.weight.grad!.dtype).toBe('float64');
    expectClose(lin.weight, Array.from(w), 1e-7);
    expect(memory().tensors).toBe(before);
    const bn = new BatchNorm2d(2).double();
    expect(bn.runningMean!.dtype).toBe('float64');
    expect(bn.numBatchesTracked!.dtype).toBe('int32');
    expect(bn.namedBuffers()).toHaveLength(3);
    lin.float();
    expect(lin.forward(ones([1, 2])).dtype).toBe('float32');
  });

  it('dispose() frees every parameter, gradient and buffer', () => {
    const before = memory().tensors;
    const net = new Net();
    tidy(() => net.forward(ones([1, 1, 5, 5])).sum().backward());
    net.dispose();
    net.notSaved.dispose();
    expect(memory().tensors).toBe(before);
    expect(net.head.weight.isDisposed).toBe(true);
  });

  it('toString() prints the tree with each layer\'s arguments', () => {
    const s = String(new Sequential(new Conv2d(1, 6, 5), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(6, 2, { bias: false })));
    expect(s).toBe([
      'Sequential(',
      '  (0): Conv2d(1, 6, kernelSize=[5, 5], stride=[1, 1])',
      '  (1): ReLU()',
      '  (2): MaxPool2d(kernelSize=2)',
      '  (3): Flatten(startDim=1, endDim=-1)',
      '  (4): Linear(inFeatures=6, outFeatures=2, bias=false)',
      ')',
    ].join('\n'));
  });
});

describe('Sequential and ModuleList', () => {
  it('Sequential chains, indexes by position, slices and appends', () => {
    const a = new Linear(2, 3);
    const relu = new ReLU();
    const b = new Linear(3, 1);
    const seq = new Sequential(a, relu, b);
    expect(seq.length).toBe(3);
    expect(seq[0]).toBe(a);
    expect(seq.at(-1)).toBe(b);
    expect([...seq]).toEqual([a, relu, b]);
    const x = randn([4, 2]);
    expectClose(seq.forward(x), b.forward(a.forward(x).relu()).toArray(), 1e-6);
    const head = seq.slice(0, 2);
    expect(head.children()).toEqual([a, relu]);
    seq.append(new Flatten());
    expect(seq.namedChildren().map(([n]) => n)).toEqual(['0', '1', '2', '3']);
    expect(() => seq.at(4)).toThrow(/index 4 is out of range for 4 modules/);
    expect(new Sequential().forward(x)).toBe(x);
  });

  it('Sequential from an object uses its keys as names', () => {
    const seq = new Sequential({ fc: new Linear(2, 2), act: new ReLU() });
    expect(seq.namedParameters().map(([n]) => n)).toEqual(['fc.weight', 'fc.bias']);
    expect(seq.at(1)).toBeInstanceOf(ReLU);
    expect(() => new Sequential({ length: new ReLU() })).toThrow(/'length' is already a method/);
  });

  it('ModuleList registers its items (layers.0.weight…), inserts, and has no forward', () => {
    class Stack extends Module {
      layers = new ModuleList([new Linear(2, 2), new Linear(2, 2)]);
      forward(x: Tensor): Tensor {
        let y = x;
        for (const layer of this.layers) y = layer.forward(y);
        return y;
      }
    }
    const s = new Stack();
    expect(s.namedParameters().map(([n]) => n)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
    const first = s.layers[0];
    s.layers.insert(0, new Linear(2, 2));
    expect(s.layers.length).toBe(3);
    expect(s.layers[1]).toBe(first);
    expect(s.layers.at(-1)).toBe(s.layers[2]);
    expect(s.forward(ones([1, 2])).shape).toEqual([1, 2]);
    expect(() => s.layers.forward()).toThrow(/ModuleList has no forward/);
  });
});

function full1(v: number): Tensor {
  return noGrad(() => tensor([v]));
}
