import { noGrad, tidy } from '@pistil/nn';
import { clipGradNorm_ } from '../clip-grad-norm.js';
import type { ClipGradNormOptions } from '../clip-grad-norm.js';
import { countCorrect } from '../metrics/accuracy.js';
import { Mean } from '../metrics/streaming.js';
import type { Metric } from '../metrics/streaming.js';
import type { BatchSource, LossFn, OptimizerLike, TrainableModel } from '../types.js';
import type { EpochHooks } from './epoch.js';
import { batchesOf, computeLoss, isClassification, runModel } from './batches.js';

export interface TrainEpochOptions extends EpochHooks {
  epoch: number;
  model: TrainableModel;
  optimizer: OptimizerLike;
  lossFn: LossFn;
  data: BatchSource;
  metrics: Record<string, Metric>;
  gradientClip?: { maxNorm: number } & ClipGradNormOptions;
}

export interface TrainEpochResult {
  loss: number;
  accuracy?: number;
  metrics: Record<string, number>;
  samples: number;
  batches: number;
  seconds: number;
}

/**
 * One pass of training. Each step runs in `tidy`: forward, loss, backward, optional gradient
 * clipping, `optimizer.step()`, `optimizer.zeroGrad()`; then the batch is disposed, so only
 * parameters and optimizer state outlive it.
 */
export async function trainEpoch(o: TrainEpochOptions): Promise<TrainEpochResult> {
  for (const m of Object.values(o.metrics)) m.reset();
  const loss = new Mean();
  let correct = 0;
  let counted = 0;
  let classification = false;
  let samples = 0;
  let batches = 0;
  const start = performance.now();
  for await (const { batch: [x, y], index } of batchesOf(o.data, 'fit: trainData')) {
    const n = x.shape[0] ?? 1;
    let batchLoss: number;
    try {
      batchLoss = tidy(() => {
        const out = runModel(o.model, x);
        const l = computeLoss(o.lossFn, out, y);
        l.backward();
        if (o.gradientClip) clipGradNorm_(o.model.parameters(), o.gradientClip.maxNorm, o.gradientClip);
        o.optimizer.step();
        o.optimizer.zeroGrad();
        noGrad(() => {
          if (isClassification(out, y)) {
            classification = true;
            const c = countCorrect('fit', out, y);
            correct += c.correct;
            counted += c.total;
          }
          for (const m of Object.values(o.metrics)) m.update(out, y);
        });
        return l.item();
      });
    } finally {
      x.dispose();
      y.dispose();
    }
    o.batchScheduler?.step();
    loss.update(batchLoss, n);
    samples += n;
    batches = index;
    await o.onBatchEnd({
      epoch: o.epoch,
      batch: index,
      batches: o.batches,
      size: n,
      loss: batchLoss,
      meanLoss: loss.compute(),
      ...(classification ? { accuracy: correct / counted } : {}),
      samples,
      seconds: (performance.now() - start) / 1000,
    });
  }
  const metrics: Record<string, number> = {};
  for (const [name, m] of Object.entries(o.metrics)) metrics[name] = m.compute();
  return { loss: loss.compute(), ...(classification ? { accuracy: correct / counted } : {}), metrics, samples, batches, seconds: (performance.now() - start) / 1000 };
}
