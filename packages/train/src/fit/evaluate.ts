import { noGrad, tidy } from '@pistil/nn';
import { countCorrect } from '../metrics/accuracy.js';
import { Mean } from '../metrics/streaming.js';
import type { Metric } from '../metrics/streaming.js';
import type { BatchSource, LossFn, TrainableModel } from '../types.js';
import { batchesOf, computeLoss, isClassification, runModel } from './batches.js';

export interface EvaluateOptions {
  lossFn: LossFn;
  /** Names the data in errors (default 'evaluate: data'). */
  name?: string;
  /** Extra metrics, each reset before and computed after the pass. */
  metrics?: Record<string, Metric>;
}

export interface EvaluateResult {
  /** Mean loss per sample (batch losses weighted by batch size). */
  loss: number;
  /** Top-1 accuracy, for class-index targets. */
  accuracy?: number;
  /** Each of `options.metrics`, computed over the whole pass. */
  metrics: Record<string, number>;
  samples: number;
}

/**
 * One pass over `data` in eval mode under `noGrad` (the model's mode is restored after), as
 * Keras' `evaluate`: the mean loss, accuracy for class targets, and the given metrics. Each batch
 * is disposed after use. `fit` validates with this.
 */
export async function evaluate(model: TrainableModel, data: BatchSource, options: EvaluateOptions): Promise<EvaluateResult> {
  const wasTraining = model.training;
  const metrics = options.metrics ?? {};
  for (const m of Object.values(metrics)) m.reset();
  const loss = new Mean();
  let correct = 0;
  let counted = 0;
  let classification = false;
  let samples = 0;
  model.eval();
  try {
    for await (const { batch: [x, y] } of batchesOf(data, options.name ?? 'evaluate: data')) {
      try {
        const n = x.shape[0] ?? 1;
        noGrad(() => tidy(() => {
          const out = runModel(model, x);
          loss.update(computeLoss(options.lossFn, out, y).item(), n);
          if (isClassification(out, y)) {
            classification = true;
            const c = countCorrect('evaluate', out, y);
            correct += c.correct;
            counted += c.total;
          }
          for (const m of Object.values(metrics)) m.update(out, y);
        }));
        samples += n;
      } finally {
        x.dispose();
        y.dispose();
      }
    }
  } finally {
    model.train(wasTraining);
  }
  const computed: Record<string, number> = {};
  for (const [name, m] of Object.entries(metrics)) computed[name] = m.compute();
  return { loss: loss.compute(), ...(classification ? { accuracy: correct / counted } : {}), metrics: computed, samples };
}
