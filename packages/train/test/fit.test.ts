import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Module, crossEntropy, isGradEnabled, memory, noGrad, tensor, tidy } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { OneCycleLR, ReduceLROnPlateau, SGD, StepLR } from '@pistil/optim';
import { describe, expect, it } from 'vitest';
import { Accuracy, HistoryWriter, accuracy, evaluate, fit, topKAccuracy } from '../src/index.js';
import type { BatchLog, Callback, EpochLog } from '../src/index.js';
import { ShuffledBatches } from './support/data.js';
import { blobData, mlp, sgd, tempDir } from './support/setup.js';
import { FakeStream } from './support/stream.js';

const quiet = { progress: false as const, log: () => {} };

/** Validation numbers computed independently: a plain loop over the data in eval mode. */
async function independentEval(model: Module, data: ShuffledBatches): Promise<{ loss: number; accuracy: number; top2: number }> {
  let loss = 0;
  let correct = 0;
  let top2 = 0;
  let n = 0;
  model.eval();
  for await (const [x, y] of data) {
    noGrad(() => tidy(() => {
      const out = model.forward(x);
      const size = x.shape[0]!;
      loss += crossEntropy(out, y).item() * size;
      correct += accuracy(out, y) * size;
      top2 += topKAccuracy(out, y, 2) * size;
      n += size;
    }));
    x.dispose();
    y.dispose();
  }
  model.train();
  return { loss: loss / n, accuracy: correct / n, top2: top2 / n };
}

describe('fit', () => {
  it('trains a separable problem to high accuracy and returns a full history', async () => {
    const model = mlp(0);
    const { trainData, valData } = blobData();
    const batches: BatchLog[] = [];
    const recorder: Callback = { onBatchEnd: (b) => void batches.push(b) };
    const history = await fit({ model, optimizer: sgd(model), lossFn: crossEntropy, trainData, valData, epochs: 6, callbacks: [recorder], ...quiet });

    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const e of history.epochs) {
      expect(Object.keys(e)).toEqual(['epoch', 'trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'lr', 'seconds', 'imagesPerSecond']);
      expect(e.lr).toBe(0.1);
      expect(e.seconds).toBeGreaterThan(0);
      expect(e.imagesPerSecond).toBeGreaterThan(0);
    }
    const last = history.epochs[5]!;
    expect(last.trainAccuracy!).toBeGreaterThan(0.95);
    expect(last.valAccuracy!).toBeGreaterThanOrEqual(0.98);
    expect(last.trainLoss).toBeLessThan(history.epochs[0]!.trainLoss / 3);

    // trainLoss is the batch-size-weighted mean of the epoch's batch losses (float64 here).
    const first = batches.filter((b) => b.epoch === 1);
    expect(first.map((b) => b.batch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(first.map((b) => b.size)).toEqual([16, 16, 16, 16, 16, 16, 16, 8]); // 120 samples
    expect(first.every((b) => b.batches === 8 && b.samples === Math.min(16 * b.batch, 120))).toBe(true);
    const weighted = first.reduce((s, b) => s + b.loss * b.size, 0) / first.reduce((s, b) => s + b.size, 0);
    expect(history.epochs[0]!.trainLoss).toBeCloseTo(weighted, 12);

    // The last epoch's validation numbers match an independent evaluation of the final model.
    const check = await independentEval(model, valData);
    expect(last.valLoss!).toBeCloseTo(check.loss, 6);
    expect(last.valAccuracy).toBe(check.accuracy);

    // best: the epoch with the lowest valLoss (the default monitor with valData).
    const losses = history.epochs.map((e) => e.valLoss!);
    const bestEpoch = losses.indexOf(Math.min(...losses)) + 1;
    expect(history.best).toEqual({ epoch: bestEpoch, monitor: 'valLoss', mode: 'min', value: Math.min(...losses) });
  });

  it('reports extra metrics for training and validation', async () => {
    const model = mlp(2);
    const { trainData, valData } = blobData();
    const history = await fit({ model, optimizer: sgd(model), lossFn: crossEntropy, trainData, valData, epochs: 2, metrics: { top2: new Accuracy({ topK: 2 }) }, ...quiet });
    const last = history.epochs[1]!;
    expect(Object.keys(last)).toEqual(expect.arrayContaining(['trainTop2', 'valTop2']));
    expect(last.valTop2).toBe((await independentEval(model, valData)).top2);
  });

  it('validates in eval mode under noGrad, trains in train mode, and restores the mode it found', async () => {
    const seen: string[] = [];
    class Probe extends Module {
      inner = mlp(3);
      forward(x: Tensor): Tensor {
        seen.push(`${this.training ? 'train' : 'eval'}/${isGradEnabled() ? 'grad' : 'nograd'}`);
        return this.inner.forward(x);
      }
    }
    const model = new Probe();
    const { trainData, valData } = blobData();
    model.eval();
    await fit({ model, optimizer: sgd(model.inner), lossFn: crossEntropy, trainData, valData, epochs: 1, ...quiet });
    expect(seen).toEqual([...Array(8).fill('train/grad'), ...Array(2).fill('eval/nograd')]);
    expect(model.training).toBe(false);
    model.train();
    await fit({ model, optimizer: sgd(model.inner), lossFn: crossEntropy, trainData, valData, epochs: 1, ...quiet });
    expect(model.training).toBe(true);
  });

  it('calls every hook in order, and stops when a callback sets stopTraining', async () => {
    const calls: string[] = [];
    const cb: Callback = {
      onTrainStart: () => void calls.push('trainStart'),
      onEpochStart: (e) => void calls.push(`epochStart ${e}`),
      onBatchEnd: (b) => void calls.push(`batch ${b.epoch}.${b.batch}`),
      onEpochEnd: (log: EpochLog, ctx) => {
        calls.push(`epochEnd ${log.epoch}`);
        if (log.epoch === 2) ctx.stopTraining = true;
      },
      onTrainEnd: (h) => void calls.push(`trainEnd ${h.epochs.length}`),
    };
    const model = mlp(4);
    const { trainData } = blobData();
    const history = await fit({ model, optimizer: sgd(model), lossFn: crossEntropy, trainData, epochs: 5, callbacks: [cb], ...quiet });
    const batches = (e: number) => Array.from({ length: 8 }, (_, i) => `batch ${e}.${i + 1}`);
    expect(calls).toEqual(['trainStart', 'epochStart 1', ...batches(1), 'epochEnd 1', 'epochStart 2', ...batches(2), 'epochEnd 2', 'trainEnd 2']);
    expect(history.epochs).toHaveLength(2);
    expect(history.best?.monitor).toBe('trainLoss'); // no valData
  });

  it('steps an epoch scheduler after each epoch and records the lr used', async () => {
    const model = mlp(5);
    const optimizer = sgd(model, 0.1);
    const history = await fit({ model, optimizer, lossFn: crossEntropy, trainData: blobData().trainData, epochs: 5, scheduler: new StepLR(optimizer, { stepSize: 2, gamma: 0.5 }), ...quiet });
    expect(history.epochs.map((e) => e.lr)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
  });

  it('steps per batch with schedulerStep: "batch", and OneCycleLR per batch by default', async () => {
    const model = mlp(6);
    const optimizer = sgd(model);
    const steps: unknown[][] = [];
    const fake = { step: (...args: unknown[]) => void steps.push(args), stateDict: () => ({}), loadStateDict: () => {} };
    await fit({ model, optimizer, lossFn: crossEntropy, trainData: blobData().trainData, epochs: 2, scheduler: fake, schedulerStep: 'batch', ...quiet });
    expect(steps).toEqual(Array(16).fill([]));

    const oneCycle = new OneCycleLR(optimizer, { maxLr: 0.2, totalSteps: 16 });
    await fit({ model, optimizer, lossFn: crossEntropy, trainData: blobData().trainData, epochs: 2, scheduler: oneCycle, ...quiet });
    expect(oneCycle.lastEpoch).toBe(16);
  });

  it('gives ReduceLROnPlateau the monitored value, and schedulerMonitor to any scheduler', async () => {
    const model = mlp(7);
    const optimizer = sgd(model);
    const plateau = new ReduceLROnPlateau(optimizer, { patience: 0, factor: 0.5 });
    const seen: number[] = [];
    const original = plateau.step.bind(plateau);
    plateau.step = (metric) => {
      seen.push(metric as number);
      original(metric);
    };
    const { trainData, valData } = blobData();
    const history = await fit({ model, optimizer, lossFn: crossEntropy, trainData, valData, epochs: 3, scheduler: plateau, ...quiet });
    expect(seen).toEqual(history.epochs.map((e) => e.valLoss));

    const args: unknown[][] = [];
    const fake = { step: (...a: unknown[]) => void args.push(a), stateDict: () => ({}), loadStateDict: () => {} };
    const h2 = await fit({ model, optimizer, lossFn: crossEntropy, trainData, valData, epochs: 2, scheduler: fake, schedulerMonitor: 'valAccuracy', ...quiet });
    expect(args).toEqual(h2.epochs.map((e) => [e.valAccuracy]));
  });

  it('clips the gradient norm before each step', async () => {
    const run = async (maxNorm?: number): Promise<number> => {
      const model = mlp(8);
      const before = model.parameters().map((p) => Array.from(p.dataSync()));
      const optimizer = new SGD(model.parameters(), { lr: 1 });
      const x = [[5, 5], [-5, 5]];
      const y = [0, 1];
      const data = { *[Symbol.iterator]() { yield [tensor(x), tensor(y, { dtype: 'int32' })] as const; } };
      await fit({ model, optimizer, lossFn: crossEntropy, trainData: data, epochs: 1, ...(maxNorm ? { gradientClip: { maxNorm } } : {}), ...quiet });
      // With lr 1 and no momentum, the update is minus the (clipped) gradient: its norm is the step's.
      const after = model.parameters().map((p) => Array.from(p.dataSync()));
      return Math.sqrt(after.flatMap((a, i) => a.map((v, j) => (v - before[i]![j]!) ** 2)).reduce((s, v) => s + v, 0));
    };
    expect(await run()).toBeGreaterThan(0.5);
    expect(await run(0.1)).toBeCloseTo(0.1, 4);
  });

  it('accepts a plain sync iterable without length, and a loss module', async () => {
    const model = mlp(9);
    const { x, y } = { x: [[-2, 0], [2, 0], [0, 2.5]], y: [0, 1, 2] };
    const data = { *[Symbol.iterator]() { for (let i = 0; i < 4; i++) yield [tensor(x), tensor(y, { dtype: 'int32' })] as const; } };
    const lossModule = { forward: (o: Tensor, t: Tensor) => crossEntropy(o, t) };
    const history = await fit({ model, optimizer: sgd(model), lossFn: lossModule, trainData: data, epochs: 10, ...quiet });
    expect(history.epochs[9]!.trainAccuracy).toBe(1);
  });

  it('omits accuracy for regression targets', async () => {
    const model = mlp(10);
    const data = { *[Symbol.iterator]() { yield [tensor([[1, 2]]), tensor([[0.5, 0, 1]])] as const; } };
    const history = await fit({ model, optimizer: sgd(model), lossFn: (o, t) => o.sub(t).square().mean(), trainData: data, epochs: 1, ...quiet });
    expect(Object.keys(history.epochs[0]!)).toEqual(['epoch', 'trainLoss', 'lr', 'seconds', 'imagesPerSecond']);
  });

  it('shows progress: plain lines when not a TTY, one redrawn line in a TTY', async () => {
    const model = mlp(11);
    const { trainData, valData } = blobData();
    const plain = new FakeStream(false);
    await fit({ model, optimizer: sgd(model), lossFn: crossEntropy, trainData, valData, epochs: 2, progress: { stream: plain }, log: () => {} });
    const lines = plain.text.trimEnd().split('\n');
    expect(lines.filter((l) => / \d+\.\ds {2}/.test(l))).toHaveLength(2); // one summary per epoch
    expect(lines.filter((l) => /^Epoch 1\/2 {2}\d\/8 \(\d+%\) {2}loss \d\.\d{4} {2}acc \d+\.\d\d% {2}\S+ img\/s {2}ETA \d:\d\d$/.test(l)).length).toBeGreaterThanOrEqual(7);
    expect(lines.at(-1)).toMatch(/^Epoch 2\/2 {2}\d+\.\ds {2}\S+ img\/s {2}lr 0\.1000 {2}loss \d\.\d{4} {2}acc [\d.]+% {2}val loss \d\.\d{4} {2}val acc [\d.]+%$/);

    const tty = new FakeStream(true);
    await fit({ model, optimizer: sgd(model), lossFn: crossEntropy, trainData, epochs: 1, progress: { stream: tty, refreshMs: 0 }, log: () => {} });
    expect(tty.text.startsWith('\r\x1b[2KEpoch 1/1  [')).toBe(true);
    expect(tty.text.match(/\n/g)).toHaveLength(1);
    expect(tty.text).toMatch(/8\/8 {2}loss/);
  });

  it('writes the history as JSON with historyPath', async () => {
    const path = join(tempDir(), 'runs', 'history.json');
    const model = mlp(12);
    const history = await fit({ model, optimizer: sgd(model), lossFn: crossEntropy, trainData: blobData().trainData, epochs: 2, historyPath: path, ...quiet });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(history);
  });
});

describe('fit errors name what is wrong', () => {
  const model = mlp(13);
  const optimizer = sgd(model);
  const base = { model, optimizer, lossFn: crossEntropy, trainData: blobData().trainData, epochs: 1, ...quiet };

  it('rejects bad options before training', async () => {
    await expect(fit({ ...base, epochs: 0 })).rejects.toThrow(/options.epochs must be an integer ≥ 1, got 0/);
    await expect(fit({ ...base, model: {} as Module })).rejects.toThrow(/options.model must be a Module/);
    await expect(fit({ ...base, optimizer: {} as SGD })).rejects.toThrow(/options.optimizer must be an optimizer/);
    await expect(fit({ ...base, trainData: 5 as never })).rejects.toThrow(/options.trainData must be an iterable/);
    await expect(fit({ ...base, monitor: 'valAccuracy' })).rejects.toThrow(/monitor 'valAccuracy' needs valData, and none was given/);
    await expect(fit({ ...base, checkpoint: { dir: '/tmp/x', monitor: 'valLoss' } })).rejects.toThrow(/checkpoint.monitor 'valLoss' needs valData/);
    await expect(fit({ ...base, schedulerStep: 'batch' })).rejects.toThrow(/without a scheduler/);
    await expect(fit({ ...base, metrics: { top: {} as Accuracy } })).rejects.toThrow(/metrics.top must be a Metric/);
    const plateau = new ReduceLROnPlateau(optimizer);
    await expect(fit({ ...base, scheduler: plateau, schedulerStep: 'batch' })).rejects.toThrow(/steps once per epoch, not per batch/);
  });

  it('rejects bad batches and losses', async () => {
    const bad = { *[Symbol.iterator]() { yield [tensor([[1, 2]])] as unknown as [Tensor, Tensor]; } };
    await expect(fit({ ...base, trainData: bad })).rejects.toThrow(/fit: trainData must yield \[input, target\] pairs of Tensors; batch 1 is an array of 1/);
    const empty = { *[Symbol.iterator]() {} };
    await expect(fit({ ...base, trainData: empty })).rejects.toThrow(/fit: trainData yielded no batches/);
    const fixed = [[tensor([[1, 2]]), tensor([0], { dtype: 'int32' })] as const];
    await expect(fit({ ...base, trainData: fixed, epochs: 2 })).rejects.toThrow(/yielded a disposed tensor in batch 1; fit disposes each batch after use/);
    await expect(fit({ ...base, lossFn: (o) => o })).rejects.toThrow(/lossFn must return a scalar, got \[16, 3\] float32/);
  });

  it('names the monitor that is not in the log, and what is', async () => {
    await expect(fit({ ...base, monitor: 'trainF1' })).rejects.toThrow(/fit: monitor: monitor 'trainF1' is not in the epoch's log; available: trainLoss, trainAccuracy, lr, seconds, imagesPerSecond/);
  });

  it('frees the batch and restores the mode when a step throws', async () => {
    const before = memory().tensors;
    await expect(fit({ ...base, lossFn: () => { throw new Error('boom'); } })).rejects.toThrow('boom');
    expect(memory().tensors).toBe(before);
    expect(model.training).toBe(true);
  });
});

describe('evaluate', () => {
  it('returns the mean loss, accuracy and metrics of one pass, in eval mode, restoring the mode', async () => {
    const model = mlp(14, 0.5); // with dropout: eval mode must switch it off
    const { valData } = blobData();
    const result = await evaluate(model, valData, { lossFn: crossEntropy, metrics: { top2: new Accuracy({ topK: 2 }) } });
    expect(model.training).toBe(true);
    const check = await independentEval(model, valData);
    expect(result.loss).toBeCloseTo(check.loss, 6);
    expect(result.accuracy).toBe(check.accuracy);
    expect(result.metrics).toEqual({ top2: check.top2 });
    expect(result.samples).toBe(60);
  });

  it('names the data when it is empty or not batches', async () => {
    const model = mlp(15);
    await expect(evaluate(model, { *[Symbol.iterator]() {} }, { lossFn: crossEntropy })).rejects.toThrow(/evaluate: data yielded no batches/);
    await expect(evaluate(model, { *[Symbol.iterator]() { yield 3 as never; } }, { lossFn: crossEntropy })).rejects.toThrow(/evaluate: data must yield \[input, target\] pairs of Tensors; batch 1 is a number/);
    expect(() => new HistoryWriter('')).toThrow(/HistoryWriter: path must be a file path/);
  });
});
