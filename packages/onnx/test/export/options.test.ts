/** exportOnnx's options, errors, custom module exporters, memory and mode hygiene. */
import {
  BatchNorm2d, Conv2d, Dropout, Linear, Module, ReLU, Sequential, arange, concat, dispose, dropout, manualSeed, memory, randn, sigmoid, tensor,
} from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { OnnxExportError, attr, exportOnnx, registerOnnxExporter } from '../../src/index.js';
import { declaredDims, expectMatch, graphOf, opTypes, runExported, runPistil } from './helpers.js';
import { Fn, Residual, SCATTER_CASE } from './kernel-cases.js';

describe('exportOnnx options', () => {
  it('accepts opsets 11–18 and names the range otherwise', async () => {
    const m = new Linear(3, 2);
    const x = randn([2, 3]);
    for (const opset of [10, 19, 12.5]) await expect(exportOnnx(m, x, { opset })).rejects.toThrow(/opset .* choose one in 11–18/);
    await expect(exportOnnx(m, x, { opset: 10 })).rejects.toBeInstanceOf(OnnxExportError);
    const bytes = await exportOnnx(m, x, { opset: 11 });
    expect(graphOf(bytes).node!.length).toBe(1);
    dispose(x);
    m.dispose();
  });

  it('names inputs and outputs (defaults: input / input_0…, output)', async () => {
    const m = new Fn((_, a, b) => a!.add(b!));
    const [a, b] = [randn([2, 3]), randn([2, 3])];
    let g = graphOf(await exportOnnx(m, [a, b]));
    expect(g.input!.map((v) => v.name)).toEqual(['input_0', 'input_1']);
    expect(g.output!.map((v) => v.name)).toEqual(['output']);
    g = graphOf(await exportOnnx(m, [a, b], { inputNames: ['left', 'right'], outputNames: ['sum'] }));
    expect([...g.input!.map((v) => v.name), ...g.output!.map((v) => v.name)]).toEqual(['left', 'right', 'sum']);
    await expect(exportOnnx(m, [a, b], { inputNames: ['only'] })).rejects.toThrow(/inputNames must list 2 name/);
    await expect(exportOnnx(m, [a, b], { inputNames: ['x', 'x'] })).rejects.toThrow(/twice/);
    await expect(exportOnnx(m, [a, b], { outputNames: ['y', 'z'] })).rejects.toThrow(/outputNames must list 1 name/);
    const linear = new Linear(3, 2);
    await expect(exportOnnx(linear, a, { outputNames: ['weight'] })).rejects.toThrow(/'weight' would name two values/);
    dispose([a, b]);
    linear.dispose();
  });

  it('dynamicBatch: false keeps every dim static; the default makes dim 0 symbolic', async () => {
    const m = new Residual();
    const x = randn([3, 6]);
    const fixed = graphOf(await exportOnnx(m, x, { dynamicBatch: false }));
    expect(declaredDims(fixed.input![0]!)).toEqual([3, 6]);
    expect(declaredDims(fixed.output![0]!)).toEqual([3, 3]);
    const dynamic = graphOf(await exportOnnx(m, x));
    expect(declaredDims(dynamic.input![0]!)).toEqual(['batch', 6]);
    expect(declaredDims(dynamic.output![0]!)).toEqual(['batch', 3]);
    dispose(x);
    m.dispose();
  });

  it('writes identical constants once', async () => {
    const m = new Fn((_, x) => {
      const a = x!.mul(2).add(1);
      const b = a.mul(2).add(1);
      return concat([a.reshape([-1, 3]), b.reshape([-1, 3])], 1);
    });
    const x = randn([2, 6]);
    const g = graphOf(await exportOnnx(m, x, { dynamicBatch: false }));
    expect(g.node!.map((n) => n.opType)).toEqual(['Mul', 'Add', 'Mul', 'Add', 'Reshape', 'Reshape', 'Concat']);
    expect(g.initializer!.length).toBe(3); // 2, 1 and the shape [4, 3]
    dispose(x);
  });

  it('exports float64 modules', async () => {
    const m = new Sequential(new Linear(4, 3, { dtype: 'float64' }), new ReLU());
    const x = randn([2, 4], { dtype: 'float64' });
    const bytes = await exportOnnx(m, x, { opset: 17 });
    expect(graphOf(bytes).input![0]!.type!.tensorType!.elemType).toBe(11); // DOUBLE
    expectMatch('float64 Linear', await runExported(bytes, [x]), runPistil(m, [x]));
    dispose(x);
    m.dispose();
  });
});

describe('exportOnnx errors', () => {
  it('names a batch-dependent constant and suggests dynamicBatch: false', async () => {
    const m = new Fn((_, x) => x!.add(arange(x!.shape[0]!).reshape([-1, 1]).float()));
    const x = randn([2, 3]);
    const err = await exportOnnx(m, x).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnnxExportError);
    expect(String(err)).toMatch(/constant 'const_0' used by reshape \[2\] → \[2,1\].*\[0, 1\] at batch 2, \[0, 1, 2\] at batch 3.*dynamicBatch: false/);
    expectMatch('batch-dependent constant, fixed batch', await runExported(await exportOnnx(m, x, { dynamicBatch: false }), [x]), runPistil(m, [x]));
    dispose(x);
  });

  it('refuses random numbers in eval mode, naming the kernel and the module', async () => {
    const m = new Sequential(new Linear(3, 3), new Fn((_, x) => dropout(x!, 0.5, true)));
    const x = randn([2, 3]);
    await expect(exportOnnx(m, x)).rejects.toThrow(/kernel 'random' in '1': random numbers have no deterministic ONNX equivalent/);
    dispose(x);
    m.dispose();
  });

  it('needs opset 16 for scatterAdd (ScatterElements with reduction)', async () => {
    const { make, input } = SCATTER_CASE;
    const [x, i] = input(2);
    await expect(exportOnnx(make(), [x!, i!], { opset: 13, dynamicBatch: false })).rejects.toThrow(/kernel 'scatterAdd'.*needs opset 16 or later/);
    dispose([x!, i!]);
  });

  it('needs forward to return one Tensor', async () => {
    const m = new Fn((_, x) => [x, x!.mul(2)] as unknown as Tensor);
    const x = randn([2, 3]);
    const before = memory().tensors;
    await expect(exportOnnx(m, x)).rejects.toThrow(/forward must return a single Tensor, got \[object Array\]/);
    expect(memory().tensors).toBe(before);
    expect(x.isDisposed).toBe(false);
    await expect(exportOnnx(m, [] as Tensor[])).rejects.toThrow(/sampleInput must be a Tensor/);
    dispose(x);
  });

  it('needs a batch dim for dynamicBatch', async () => {
    const m = new Fn((_, x) => x!.mul(2));
    const s = tensor(3);
    await expect(exportOnnx(m, s)).rejects.toThrow(/dynamicBatch needs inputs sharing a non-empty batch dim 0.*dynamicBatch: false/);
    expect(opTypes(await exportOnnx(m, s, { dynamicBatch: false }))).toEqual(['Mul']);
    dispose(s);
  });
});

class Swish extends Module {
  forward(x: Tensor): Tensor {
    return x.mul(sigmoid(x));
  }
}

/** Exported by a registered exporter only for 2-D inputs; traced otherwise. */
class Scale2d extends Module {
  forward(x: Tensor): Tensor {
    return x.mul(3);
  }
}

describe('registerOnnxExporter', () => {
  registerOnnxExporter(Swish, (_, ctx) => {
    const x = ctx.inputs[0]!.name;
    return ctx.node('Mul', [x, ctx.node('Sigmoid', [x])]);
  });
  registerOnnxExporter(Scale2d, (_, ctx) => {
    const x = ctx.inputs[0]!;
    if (x.shape.length !== 2) return null;
    const scaled = ctx.node('Mul', [x.name, ctx.scalar(3, x.dtype)]);
    return ctx.node('Identity', [ctx.node('LeakyRelu', [scaled], { alpha: attr.float(1) })]);
  });

  it('exports a module with its registered exporter', async () => {
    const m = new Sequential(new Linear(4, 4), new Swish(), new Scale2d());
    const x = randn([2, 4]);
    const bytes = await exportOnnx(m, x);
    expect(opTypes(bytes)).toEqual(['Gemm', 'Sigmoid', 'Mul', 'Mul', 'LeakyRelu', 'Identity']);
    expectMatch('registered exporter', await runExported(bytes, [x]), runPistil(m, [x]));
    dispose(x);
    m.dispose();
  });

  it('traces the forward when the exporter returns null', async () => {
    const m = new Scale2d();
    const x = randn([2, 3, 4]);
    expect(opTypes(await exportOnnx(m, x))).toEqual(['Mul']);
    dispose(x);
  });
});

describe('exportOnnx hygiene', () => {
  it('leaves no tensor behind, on success and on failure', async () => {
    manualSeed(3);
    const net = new Sequential(new Conv2d(1, 4, 3), new BatchNorm2d(4), new ReLU(), new Dropout(0.2));
    const x = randn([2, 1, 6, 6]);
    const batchDependent = new Fn((_, y) => y!.add(arange(y!.shape[0]!).reshape([-1, 1, 1, 1]).float()));
    const random = new Fn((_, y) => dropout(y!, 0.5, true));
    const before = memory().tensors;
    await exportOnnx(net, x);
    await exportOnnx(net, x, { dynamicBatch: false, opset: 18 });
    await exportOnnx(batchDependent, x, { dynamicBatch: false });
    await expect(exportOnnx(batchDependent, x)).rejects.toBeInstanceOf(OnnxExportError);
    await expect(exportOnnx(random, x)).rejects.toThrow(/random/);
    expect(memory().tensors).toBe(before);
    dispose(x);
    net.dispose();
  });

  it('leaves the tensor count unchanged around a traced custom module', async () => {
    const net = new Sequential(new Linear(6, 6), new ReLU(), new Residual());
    const x = randn([2, 6]);
    const before = memory().tensors;
    await exportOnnx(net, x);
    expect(memory().tensors).toBe(before);
    dispose(x);
    net.dispose();
  });

  it('exports in eval mode and restores every module mode and running statistic', async () => {
    const net = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new Dropout(0.5));
    net.train();
    (net.at(2) as Dropout).eval();
    const bn = net.at(1) as BatchNorm2d;
    const stats = bn.runningMean!.toArray();
    const x = randn([2, 1, 5, 5]);
    expect(opTypes(await exportOnnx(net, x))).toEqual(['Conv', 'BatchNormalization']);
    expect(net.modules().map((m) => m.training)).toEqual([true, true, true, false]);
    expect(bn.runningMean!.toArray()).toEqual(stats);
    expect(bn.numBatchesTracked!.item()).toBe(0);
    dispose(x);
    net.dispose();
  });
});
