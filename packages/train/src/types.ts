import type { Tensor } from '@pistil/nn';

/**
 * The pieces `fit` drives, described by what it calls on them, so this package needs neither
 * `@pistil/data` nor a particular optimizer class: an nn `Module`, an optim optimizer and
 * scheduler, and a data `DataLoader` all fit these shapes.
 */

/** What a model must offer to be trained (an nn `Module` does). */
export interface TrainableModel {
  forward(...inputs: Tensor[]): Tensor;
  /** `forward` plus the module's forward hooks; used when present, as PyTorch's `model(x)`. */
  call?(...inputs: Tensor[]): Tensor;
  parameters(): Tensor[];
  readonly training: boolean;
  train(mode?: boolean): unknown;
  eval(): unknown;
  stateDict(): Record<string, Tensor>;
  loadStateDict(dict: Record<string, Tensor>, options?: { strict?: boolean }): unknown;
}

/** A parameter group as optimizers expose it: at least its learning rate, editable in place. */
export interface ParamGroupLike {
  lr: number;
}

/** What an optimizer must offer (every `@pistil/optim` optimizer does). */
export interface OptimizerLike {
  readonly paramGroups: readonly ParamGroupLike[];
  step(): unknown;
  zeroGrad(): unknown;
  stateDict(): object;
  loadStateDict(state: object): unknown;
}

/** What an LR scheduler must offer. Metric-driven ones (ReduceLROnPlateau) take the monitored value. */
export interface SchedulerLike {
  step(metric?: number): unknown;
  stateDict(): object;
  loadStateDict(state: object): unknown;
}

/** One batch: the model input and the target. */
export type Batch = readonly [Tensor, Tensor];

/**
 * What a batch source may yield: `[input, target]`, typed loosely as a tensor list so that loaders
 * over `Tensor[]` samples (a TensorDataset) fit too; `fit` checks each is a pair.
 */
export type YieldedBatch = readonly Tensor[];

/**
 * Batches to train or validate on: a `DataLoader`, or any (async) iterable of `[input, target]`
 * pairs. `fit` disposes each batch after its step, so every pass must yield fresh tensors.
 * `length` (batches per pass) lets progress show a bar and an ETA; `stateDict`/`loadStateDict`
 * (shuffling order, epoch) are saved in checkpoints so a resumed run sees the same batches.
 */
export type BatchSource = (AsyncIterable<YieldedBatch> | Iterable<YieldedBatch>) & {
  readonly length?: number;
  stateDict?(): object;
  loadStateDict?(state: object): unknown;
};

/** A loss: a function `(output, target) => scalar`, or a loss module with that `forward`. */
export type LossFn = ((output: Tensor, target: Tensor) => Tensor) | { forward(output: Tensor, target: Tensor): Tensor };
