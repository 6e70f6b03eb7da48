/**
 * Models exported by PyTorch's torch.onnx.export (packages/onnx/fixtures, made by
 * make_fixtures.py): imported, they must reproduce PyTorch's outputs within 1e-4, keep PyTorch's
 * state-dict names, and be trainable here.
 */
import { crossEntropy, memory, noGrad, tensor, tidy } from '@pistil/nn';
import { SGD } from '@pistil/optim';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HostTensor } from '../src/index.js';
import { loadOnnx } from '../src/node/index.js';
import { loadDataSets } from './conformance/testdata.js';
import { expectClose, toPistil } from './helpers/single-op.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures');
const names = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();

describe('PyTorch fixtures', () => {
  it('are all present', () => {
    expect(names).toEqual(expect.arrayContaining(['lenet_mnist', 'lenet_mnist_opset9', 'cnn_batchnorm', 'conv_autoencoder', 'mlp_activations', 'dcgan_generator', 'upsample_bilinear', 'misc_ops', 'lstm_tagger']));
  });

  for (const name of names) {
    it(`${name} matches PyTorch's output within 1e-4`, () => {
      const dir = join(FIXTURES, name);
      const model = loadOnnx(join(dir, 'model.onnx')).eval();
      const [set] = loadDataSets(dir);
      const x = toPistil(set!.inputs[0]!);
      const y = noGrad(() => model.forward(x));
      expectClose(HostTensor.of('float32', y.shape, y.dataSync() as Float32Array), set!.outputs[0]!, { rtol: 1e-4, atol: 1e-5, what: name });
      // A batch of 1 runs too: the batch dim is symbolic.
      const one = noGrad(() => model.forward(x.slice(0, 0, 1)));
      expect(one.shape[0]).toBe(1);
      for (const t of [x, y, one]) t.dispose();
      model.dispose();
    });
  }

  it('lenet_mnist predicts the labels of its three MNIST test digits, with PyTorch names', () => {
    const dir = join(FIXTURES, 'lenet_mnist');
    const model = loadOnnx(join(dir, 'model.onnx')).eval();
    const labels = JSON.parse(readFileSync(join(dir, 'test_data_set_0', 'labels.json'), 'utf8')) as number[];
    const x = toPistil(loadDataSets(dir)[0]!.inputs[0]!);
    const predicted = noGrad(() => tidy(() => model.forward(x).argmax(1)));
    expect(Array.from(predicted.dataSync())).toEqual(labels);
    expect(Object.keys(model.stateDict())).toEqual(['conv1.weight', 'conv1.bias', 'conv2.weight', 'conv2.bias', 'fc1.weight', 'fc1.bias', 'fc2.weight', 'fc2.bias', 'fc3.weight', 'fc3.bias']);
    expect(model.parameters().reduce((n, p) => n + p.size, 0)).toBe(61706);
    for (const t of [x, predicted]) t.dispose();
    model.dispose();
  });

  it('inference frees every intermediate: the live-tensor count is flat over repeated runs', () => {
    for (const name of ['lenet_mnist', 'misc_ops', 'dcgan_generator']) {
      const dir = join(FIXTURES, name);
      const model = loadOnnx(join(dir, 'model.onnx')).eval();
      const x = toPistil(loadDataSets(dir)[0]!.inputs[0]!);
      const counts = [memory().tensors];
      for (let i = 0; i < 4; i++) {
        noGrad(() => model.forward(x)).dispose();
        counts.push(memory().tensors);
      }
      expect(new Set(counts).size, `${name}: ${counts.join(', ')}`).toBe(1);
      x.dispose();
      model.dispose();
    }
  });

  it('lenet_mnist fine-tunes here: SGD lowers the loss, parameters change, memory stays flat', () => {
    const dir = join(FIXTURES, 'lenet_mnist');
    const model = loadOnnx(join(dir, 'model.onnx')).train();
    const x = toPistil(loadDataSets(dir)[0]!.inputs[0]!);
    // Teach it new labels for the three digits, so there is something to learn.
    const target = tensor([3, 4, 5], { dtype: 'int32' });
    const before = model.stateDict()['fc3.bias']!.clone();
    const optimizer = new SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
    const losses: number[] = [];
    let live = -1;
    for (let step = 0; step < 30; step++) {
      losses.push(tidy(() => {
        optimizer.zeroGrad();
        const loss = crossEntropy(model.forward(x), target);
        loss.backward();
        optimizer.step();
        return loss.item();
      }));
      if (step === 1) live = memory().tensors;
      if (step > 1) expect(memory().tensors).toBe(live);
    }
    expect(losses.at(-1)!).toBeLessThan(losses[0]! * 0.2);
    const changed = tidy(() => model.stateDict()['fc3.bias']!.sub(before).abs().max().item());
    expect(changed).toBeGreaterThan(1e-3);
    for (const t of [x, target, before]) t.dispose();
    model.zeroGrad();
    model.dispose();
  });

  it('cnn_batchnorm keeps its running statistics as buffers and updates them in train mode', () => {
    const dir = join(FIXTURES, 'cnn_batchnorm');
    const model = loadOnnx(join(dir, 'model.onnx'));
    const buffers = model.namedBuffers().map(([n]) => n);
    expect(buffers.some((n) => n.includes('running_mean'))).toBe(true);
    const mean = model.namedBuffers().find(([n]) => n.includes('running_mean'))![1];
    const before = Array.from(mean.dataSync());
    const x = toPistil(loadDataSets(dir)[0]!.inputs[0]!);
    tidy(() => model.train().forward(x));
    expect(Array.from(mean.dataSync())).not.toEqual(before);
    x.dispose();
    model.dispose();
  });
});
