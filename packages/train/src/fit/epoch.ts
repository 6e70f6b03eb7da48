import type { BatchLog } from '../callbacks/callback.js';
import type { SchedulerLike } from '../types.js';
import { evaluate } from './evaluate.js';
import { prefixed } from './history.js';
import type { EpochLog } from './history.js';
import type { FitOptions } from './options.js';
import { trainEpoch } from './train-epoch.js';

export interface EpochHooks {
  /** Stepped after every training batch, when the schedule is per batch. */
  batchScheduler: SchedulerLike | null;
  /** Batches per epoch, when known. */
  batches: number | null;
  onBatchEnd(log: BatchLog): Promise<void>;
}

/** Trains one epoch and validates; returns the epoch's log (lr as it was at the start). */
export async function runEpoch(o: FitOptions, epoch: number, hooks: EpochHooks): Promise<{ entry: EpochLog; trainBatches: number }> {
  const start = performance.now();
  const lr = o.optimizer.paramGroups[0]?.lr ?? NaN;
  const metrics = o.metrics ?? {};
  o.model.train();
  const train = await trainEpoch({
    epoch,
    model: o.model,
    optimizer: o.optimizer,
    lossFn: o.lossFn,
    data: o.trainData,
    metrics,
    ...(o.gradientClip ? { gradientClip: o.gradientClip } : {}),
    ...hooks,
  });
  const val = o.valData ? await evaluate(o.model, o.valData, { lossFn: o.lossFn, metrics, name: 'fit: valData' }) : null;
  const entry: EpochLog = {
    epoch,
    trainLoss: train.loss,
    ...(train.accuracy !== undefined ? { trainAccuracy: train.accuracy } : {}),
    ...(val ? { valLoss: val.loss } : {}),
    ...(val?.accuracy !== undefined ? { valAccuracy: val.accuracy } : {}),
    lr,
    seconds: (performance.now() - start) / 1000,
    imagesPerSecond: train.samples / train.seconds,
  };
  for (const [name, value] of Object.entries(train.metrics)) entry[prefixed('train', name)] = value;
  for (const [name, value] of Object.entries(val?.metrics ?? {})) entry[prefixed('val', name)] = value;
  return { entry, trainBatches: train.batches };
}
