// Its own file (a fresh engine per test file): models dropped by other tests would otherwise be
// finalized by the GC at random moments and move the live count.
import { join } from 'node:path';
import { crossEntropy, memory } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { Accuracy, fit } from '../src/index.js';
import { blobData, mlp, sgd, tempDir } from './support/setup.js';

describe('fit and memory', () => {
  it('keeps the live-tensor count flat across epochs (validation, metrics, clipping, checkpoints, history file)', async () => {
    const dir = tempDir();
    const model = mlp(1);
    const optimizer = sgd(model);
    const { trainData, valData } = blobData();
    const before = memory().tensors;
    const counts: number[] = [];
    const history = await fit({
      model, optimizer, lossFn: crossEntropy, trainData, valData, epochs: 5,
      metrics: { top2: new Accuracy({ topK: 2 }) },
      checkpoint: { dir: join(dir, 'ck'), monitor: 'valAccuracy' },
      historyPath: join(dir, 'history.json'),
      gradientClip: { maxNorm: 1 },
      callbacks: [{ onEpochEnd: () => void counts.push(memory().tensors) }],
      progress: false,
      log: () => {},
    });
    expect(history.epochs).toHaveLength(5);
    expect(counts, JSON.stringify(counts)).toEqual(Array(5).fill(counts[0]));
    // What outlives the run: the parameters (there before) and one momentum buffer per parameter.
    expect(memory().tensors).toBe(before + model.parameters().length);
    // Freed here, not by the GC in the middle of the next test's count.
    model.dispose();
    optimizer.dispose();
  });

  it('resuming from a checkpoint leaves nothing behind', async () => {
    const dir = join(tempDir(), 'ck');
    const model = mlp(2);
    const optimizer = sgd(model);
    const { trainData } = blobData();
    await fit({ model, optimizer, lossFn: crossEntropy, trainData, epochs: 1, checkpoint: { dir }, progress: false, log: () => {} });
    const before = memory().tensors;
    await fit({ model, optimizer, lossFn: crossEntropy, trainData, epochs: 3, checkpoint: { dir }, resume: dir, progress: false, log: () => {} });
    expect(memory().tensors).toBe(before);
    model.dispose();
    optimizer.dispose();
  });
});
