import { join } from 'node:path';
import { Linear, Sequential, StateDictError, crossEntropy, defaultGenerator } from '@pistil/nn';
import { SGD, StepLR } from '@pistil/optim';
import { describe, expect, it } from 'vitest';
import { CheckpointError, fit } from '../src/index.js';
import type { Callback, History } from '../src/index.js';
import { blobData, mlp, snapshot, tempDir } from './support/setup.js';

/**
 * A run with every kind of state a resume must restore: dropout (default generator), shuffled
 * batches (their own generator), SGD momentum and weight decay, a StepLR schedule, early
 * stopping's counters and the best checkpoint so far.
 */
function makeRun(initSeed: number) {
  const model = mlp(initSeed, 0.2);
  const optimizer = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 1e-3 });
  const scheduler = new StepLR(optimizer, { stepSize: 2, gamma: 0.5 });
  const { trainData, valData } = blobData(5);
  return { model, optimizer, scheduler, trainData, valData, lossFn: crossEntropy, epochs: 5, earlyStopping: { patience: 10 }, progress: false as const, log: () => {} };
}

/** History without wall-clock fields, which differ between runs. */
const numbers = (h: History) => ({ best: h.best, epochs: h.epochs.map(({ seconds: _s, imagesPerSecond: _i, ...rest }) => rest) });

const crashAt = (epoch: number, batch: number): Callback => ({
  onBatchEnd: (b) => {
    if (b.epoch === epoch && b.batch === batch) throw new Error('simulated crash');
  },
});

describe('resume', () => {
  it('an interrupted run resumed from its last checkpoint ends with exactly the weights of an uninterrupted one', async () => {
    const dir = tempDir();
    const full = makeRun(0);
    const fullHistory = await fit({ ...full, checkpoint: { dir: join(dir, 'full') } });
    const fullWeights = snapshot(full.model.stateDict());
    const fullMomentum = full.optimizer.params().map((p) => Array.from((full.optimizer.state.get(p)!.momentumBuffer as { dataSync(): ArrayLike<number> }).dataSync()));
    const fullRng = defaultGenerator.getState();

    // Crash in the middle of epoch 4: the last checkpoint is from the end of epoch 3.
    const broken = makeRun(0);
    await expect(fit({ ...broken, checkpoint: { dir: join(dir, 'run') }, callbacks: [crashAt(4, 3)] })).rejects.toThrow('simulated crash');

    // A new process: different initial weights and generator state, all replaced by the checkpoint.
    const resumed = makeRun(999);
    const logged: string[] = [];
    const history = await fit({ ...resumed, checkpoint: { dir: join(dir, 'run') }, resume: join(dir, 'run'), log: (l) => logged.push(l) });
    expect(logged[0]).toMatch(/fit: resumed from .*run after epoch 3 of 5/);

    expect(snapshot(resumed.model.stateDict())).toEqual(fullWeights);
    const momentum = resumed.optimizer.params().map((p) => Array.from((resumed.optimizer.state.get(p)!.momentumBuffer as { dataSync(): ArrayLike<number> }).dataSync()));
    expect(momentum).toEqual(fullMomentum);
    expect(numbers(history)).toEqual(numbers(fullHistory));
    expect(history.epochs.map((e) => e.lr)).toEqual([0.1, 0.1, 0.05, 0.05, 0.025]);
    expect(resumed.scheduler.getLastLr()).toEqual(full.scheduler.getLastLr());
    expect(resumed.trainData.stateDict()).toEqual(full.trainData.stateDict());
    expect(defaultGenerator.getState()).toEqual(fullRng);
  });

  it('resuming a finished or early-stopped run trains no further', async () => {
    const dir = join(tempDir(), 'done');
    const run = makeRun(1);
    await fit({ ...run, epochs: 2, checkpoint: { dir } });
    const weights = snapshot(run.model.stateDict());
    const logged: string[] = [];
    const again = makeRun(2);
    const history = await fit({ ...again, epochs: 2, resume: dir, log: (l) => logged.push(l) });
    expect(history.epochs).toHaveLength(2);
    expect(snapshot(again.model.stateDict())).toEqual(weights);
    expect(logged).toEqual([expect.stringMatching(/already trained 2 of 2 epochs; nothing to do/)]);

    const stopDir = join(tempDir(), 'stopped');
    const stopping = makeRun(3);
    // The lr is 0.1 in epochs 1 and 2: no improvement at epoch 2, so patience 0 stops there.
    const early = { earlyStopping: { monitor: 'lr', mode: 'max' as const, patience: 0 }, checkpoint: { dir: stopDir, monitor: 'trainLoss' } };
    expect((await fit({ ...stopping, ...early })).epochs).toHaveLength(2);
    const later = makeRun(4);
    const stopLog: string[] = [];
    const resumedStopped = await fit({ ...later, ...early, resume: stopDir, log: (l) => stopLog.push(l) });
    expect(resumedStopped.epochs).toHaveLength(2);
    expect(stopLog).toEqual([expect.stringMatching(/was stopped early after epoch 2; nothing to do/)]);
  });

  it('names what is wrong: a missing checkpoint folder, a model that does not match', async () => {
    const dir = tempDir();
    const run = makeRun(5);
    await expect(fit({ ...run, resume: join(dir, 'missing') })).rejects.toThrow(CheckpointError);
    await expect(fit({ ...run, resume: join(dir, 'missing') })).rejects.toThrow(/checkpoint directory '.*missing' does not exist/);

    await fit({ ...run, epochs: 1, checkpoint: { dir: join(dir, 'ck') } });
    const wider = new Sequential(new Linear(2, 32), new Linear(32, 3));
    const optimizer = new SGD(wider.parameters(), { lr: 0.1 });
    const attempt = fit({ ...run, model: wider, optimizer, scheduler: new StepLR(optimizer, { stepSize: 2 }), resume: join(dir, 'ck') });
    await expect(attempt).rejects.toThrow(StateDictError);
    await expect(fit({ ...run, model: wider, optimizer, scheduler: new StepLR(optimizer, { stepSize: 2 }), resume: join(dir, 'ck') })).rejects.toThrow(
      /fit: resume from .*ck\/last.json: the model does not match the checkpoint's: .*size mismatch for 0.weight: checkpoint \[16, 2\], model \[32, 2\]/s,
    );
  });
});
