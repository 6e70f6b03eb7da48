import * as pt from '@pistil/nn';
import { Adam } from '@pistil/optim';
import { getBackend } from '@pistil/backend';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import type { WebGLBackend } from '../src/index.js';

/** The modern LeNet of the digit recognizer: conv-BN-ReLU-pool ×2, then 120 → 84 → 10 with dropout. */
function lenet(): pt.Module {
  return new pt.Sequential(
    new pt.Conv2d(1, 6, 5, { padding: 2 }), new pt.BatchNorm2d(6), new pt.ReLU(), new pt.MaxPool2d(2),
    new pt.Conv2d(6, 16, 5), new pt.BatchNorm2d(16), new pt.ReLU(), new pt.MaxPool2d(2),
    new pt.Flatten(), new pt.Linear(400, 120), new pt.ReLU(), new pt.Dropout(0.25),
    new pt.Linear(120, 84), new pt.ReLU(), new pt.Linear(84, 10),
  );
}

/** `count` steps over two fixed batches of random images and labels (made on the CPU), which the model learns by heart. */
function batches(count: number, size: number): { x: pt.Tensor; y: pt.Tensor }[] {
  pt.manualSeed(123);
  const two = [0, 1].map(() => ({ x: pt.rand([size, 1, 28, 28]), y: pt.randint(0, 10, [size]) }));
  return Array.from({ length: count }, (_, i) => two[i % 2]!);
}

/** The same user code on any device: only `device` differs. Returns the loss of each step. */
async function train(device: 'cpu' | 'webgl', data: { x: pt.Tensor; y: pt.Tensor }[]): Promise<number[]> {
  pt.manualSeed(7);
  const model = lenet().to(device);
  const opt = new Adam(model.parameters(), { lr: 3e-3 });
  const losses: number[] = [];
  pt.manualSeed(11); // the dropout masks: the same counter-based stream on every backend
  for (const { x, y } of data) {
    const loss = pt.tidy(() => {
      opt.zeroGrad();
      const l = pt.crossEntropy(model.call(x.to(device)), y.to(device));
      l.backward();
      opt.step();
      return l;
    });
    losses.push((await loss.data())[0]!);
    loss.dispose();
  }
  return losses;
}

describe('training on webgl', () => {
  it('follows the CPU backend loss curve step by step, from the same seed', async () => {
    const data = batches(10, 8);
    const cpu = await train('cpu', data);
    const webgl = await train('webgl', data);
    console.log('cpu  ', cpu.map((v) => v.toFixed(6)).join(' '));
    console.log('webgl', webgl.map((v) => v.toFixed(6)).join(' '));
    for (let i = 0; i < cpu.length; i++) expect(Math.abs(webgl[i]! - cpu[i]!) / Math.abs(cpu[i]!)).toBeLessThan(1e-3);
    expect(cpu.at(-1)! + cpu.at(-2)!).toBeLessThan(0.8 * (cpu[0]! + cpu[1]!));
  });

  it('keeps the live-tensor and texture counts flat over many steps', async () => {
    const backend = getBackend('webgl') as WebGLBackend;
    pt.manualSeed(3);
    const model = lenet().to('webgl');
    const opt = new Adam(model.parameters(), { lr: 1e-3 });
    const [{ x, y }] = batches(1, 4).map((b) => ({ x: b.x.to('webgl'), y: b.y.to('webgl') }));
    const counts: { tensors: number; buffers: number; textures: number }[] = [];
    for (let step = 0; step < 40; step++) {
      const loss = pt.tidy(() => {
        opt.zeroGrad();
        const l = pt.crossEntropy(model.call(x!), y!);
        l.backward();
        opt.step();
        return l;
      });
      await loss.data();
      loss.dispose();
      if (step >= 5 && step % 5 === 0) counts.push({ tensors: pt.memory().tensors, buffers: backend.memory().buffers, textures: backend.textureCount() });
    }
    for (const c of counts) expect(c).toEqual(counts[0]);
  });
});
