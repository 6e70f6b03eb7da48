import { Tensor } from '@pistil/nn';
import { countCorrect, countTopK } from './accuracy.js';
import type { ClassMetricOptions } from './class-pairs.js';

/**
 * A metric accumulated over batches: `update` per batch, `compute` for the value so far, `reset`
 * between epochs. `fit` takes these in `metrics` and reports each for training and validation.
 */
export interface Metric {
  update(outputs: Tensor, targets: Tensor): void;
  compute(): number;
  reset(): void;
}

/**
 * A running (weighted) mean of numbers or of tensors' elements, e.g. a loss over an epoch:
 * `mean.update(loss.item(), batchSize)`. `compute()` is NaN before the first update.
 */
export class Mean {
  private sum = 0;
  private weight = 0;

  /** Adds `value` (a tensor adds each of its elements) with weight `weight` per element. */
  update(value: number | Tensor, weight = 1): void {
    if (!Number.isFinite(weight) || weight < 0) throw new RangeError(`Mean.update: weight must be a finite number ≥ 0, got ${weight}`);
    if (value instanceof Tensor) {
      let s = 0;
      for (const v of value.dataSync()) s += v;
      this.sum += s * weight;
      this.weight += value.size * weight;
    } else {
      if (typeof value !== 'number') throw new TypeError(`Mean.update: value must be a number or a Tensor, got ${typeof value}`);
      this.sum += value * weight;
      this.weight += weight;
    }
  }

  compute(): number {
    return this.sum / this.weight;
  }

  reset(): void {
    this.sum = 0;
    this.weight = 0;
  }
}

export interface AccuracyOptions extends ClassMetricOptions {
  /** Count a sample correct when its target is among the `topK` highest scores (default 1). */
  topK?: number;
}

/** Streaming (top-k) accuracy over batches; `compute()` is correct / counted, NaN before any sample. */
export class Accuracy implements Metric {
  private correct = 0;
  private total = 0;
  readonly topK: number;

  constructor(private readonly options: AccuracyOptions = {}) {
    const k = options.topK ?? 1;
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`Accuracy: topK must be a positive integer, got ${k}`);
    this.topK = k;
  }

  update(outputs: Tensor, targets: Tensor): void {
    const counts = this.topK === 1
      ? countCorrect('Accuracy.update', outputs, targets, this.options)
      : countTopK('Accuracy.update', outputs, targets, this.topK, this.options);
    this.correct += counts.correct;
    this.total += counts.total;
  }

  compute(): number {
    return this.correct / this.total;
  }

  reset(): void {
    this.correct = 0;
    this.total = 0;
  }
}
