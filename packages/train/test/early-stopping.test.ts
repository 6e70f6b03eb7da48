import { crossEntropy } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { EarlyStopping, fit } from '../src/index.js';
import type { Callback, EpochLog, TrainerContext } from '../src/index.js';
import { blobData, mlp, sgd } from './support/setup.js';

/** Feeds `values` to `es` as epochs 1, 2, …; returns the epoch at which it stopped training (0: never). */
function drive(es: EarlyStopping, values: number[], key = 'valLoss'): number {
  const ctx = { stopTraining: false, log: () => {} } as unknown as TrainerContext;
  for (const [i, v] of values.entries()) {
    es.onEpochEnd({ epoch: i + 1, trainLoss: 0, lr: 0, seconds: 0, imagesPerSecond: 0, [key]: v }, ctx);
    if (ctx.stopTraining) return i + 1;
  }
  return 0;
}

/** A callback that writes scripted values into each epoch's log as `score` (runs before EarlyStopping). */
const scripted = (values: number[]): Callback => ({
  onEpochEnd: (log: EpochLog) => {
    log.score = values[log.epoch - 1]!;
  },
});

describe('EarlyStopping', () => {
  it('stops after `patience` epochs without improvement (min mode)', () => {
    // Best 0.5 at epoch 2; epochs 3 and 4 do not improve → stops at 4 with patience 2.
    expect(drive(new EarlyStopping({ patience: 2 }), [1, 0.5, 0.6, 0.55, 0.4])).toBe(4);
    // A new best resets the wait: 0.4 at epoch 4, then 5, 6, 7 without → stops at 7 with patience 3.
    expect(drive(new EarlyStopping({ patience: 3 }), [1, 0.5, 0.6, 0.4, 0.45, 0.41, 0.9, 0.1])).toBe(7);
    expect(drive(new EarlyStopping({ patience: 0 }), [1, 0.9, 0.95])).toBe(3);
    expect(drive(new EarlyStopping({ patience: 2 }), [3, 2, 1, 0.5])).toBe(0);
  });

  it('counts only improvements larger than minDelta, maximises accuracy-like monitors, and keeps its state', () => {
    // 0.5 → 0.45 is an improvement of 0.05, not more than minDelta 0.1.
    const es = new EarlyStopping({ patience: 2, minDelta: 0.1 });
    expect(drive(es, [1, 0.5, 0.45, 0.42])).toBe(4);
    expect(es.stateDict()).toEqual({ best: 0.5, bestEpoch: 2, wait: 2, stoppedEpoch: 4 });
    const acc = new EarlyStopping({ monitor: 'valAccuracy', patience: 1 });
    expect(acc.mode).toBe('max');
    expect(drive(acc, [0.5, 0.7, 0.6], 'valAccuracy')).toBe(3);
    const restored = new EarlyStopping({ patience: 2 });
    restored.loadStateDict({ best: 0.5, bestEpoch: 2, wait: 1, stoppedEpoch: 0 });
    expect(drive(restored, [0.6])).toBe(1);
  });

  it('stops fit at the right epoch given a scripted metric', async () => {
    const model = mlp(20);
    const logged: string[] = [];
    const history = await fit({
      model, optimizer: sgd(model), lossFn: crossEntropy, trainData: blobData().trainData, epochs: 10,
      callbacks: [scripted([0.9, 0.8, 0.85, 0.7, 0.75, 0.72, 0.71, 0.6, 0.5, 0.4])],
      earlyStopping: { monitor: 'score', patience: 3 },
      progress: false, log: (l) => logged.push(l),
    });
    // Best 0.7 at epoch 4; 5, 6, 7 do not beat it → stop after epoch 7.
    expect(history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(logged).toEqual(['early stopping after epoch 7: score has not improved for 3 epochs (best 0.700000 at epoch 4)']);
  });

  it('checks its options', () => {
    expect(() => new EarlyStopping({ patience: -1 })).toThrow(/patience must be an integer ≥ 0, got -1/);
    expect(() => new EarlyStopping({ minDelta: -0.1 })).toThrow(/minDelta must be ≥ 0, got -0.1/);
    expect(() => new EarlyStopping({ mode: 'up' as 'min' })).toThrow(/mode must be 'min' or 'max', got 'up'/);
    expect(() => drive(new EarlyStopping({ monitor: 'valLos' }), [1])).toThrow(/monitor 'valLos' is not in the epoch's log; available: trainLoss, lr, seconds, imagesPerSecond, valLoss/);
  });
});
