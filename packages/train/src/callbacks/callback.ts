import type { CheckpointState } from '../checkpoint/checkpoint.js';
import type { EpochLog, History } from '../fit/history.js';
import type { OptimizerLike, SchedulerLike, TrainableModel } from '../types.js';

/** What `onBatchEnd` receives after each training step. */
export interface BatchLog {
  /** 1-based epoch. */
  epoch: number;
  /** 1-based index of the batch in the epoch. */
  batch: number;
  /** Batches per epoch when known (the source's `length`, or the previous epoch's count). */
  batches: number | null;
  /** Samples in this batch. */
  size: number;
  /** This batch's loss. */
  loss: number;
  /** Mean loss over the epoch so far. */
  meanLoss: number;
  /** Accuracy over the epoch so far (class-index targets only). */
  accuracy?: number;
  /** Samples seen in the epoch so far. */
  samples: number;
  /** Seconds since the epoch started. */
  seconds: number;
}

/** The running trainer, as callbacks see it. */
export interface TrainerContext {
  readonly model: TrainableModel;
  readonly optimizer: OptimizerLike;
  readonly scheduler: SchedulerLike | null;
  /** Total epochs of the run. */
  readonly epochs: number;
  readonly history: History;
  /** Set to true to stop after the current epoch (as early stopping does). */
  stopTraining: boolean;
  /** Writes a message line (fit's `log` option). */
  log(line: string): void;
  /** Everything needed to resume after the current epoch; holds the live tensors, not copies. */
  checkpointState(): CheckpointState;
}

/**
 * Hooks into `fit`. Every hook may be async. Callbacks with state that must survive a resume
 * (counters, best values) implement `stateDict`/`loadStateDict`; it is saved in checkpoints under
 * `stateKey` (default: the class name, with `#2`, `#3`… for repeats).
 */
export interface Callback {
  readonly stateKey?: string;
  onTrainStart?(ctx: TrainerContext): void | Promise<void>;
  onEpochStart?(epoch: number, ctx: TrainerContext): void | Promise<void>;
  onBatchEnd?(log: BatchLog, ctx: TrainerContext): void | Promise<void>;
  onEpochEnd?(log: EpochLog, ctx: TrainerContext): void | Promise<void>;
  onTrainEnd?(history: History, ctx: TrainerContext): void | Promise<void>;
  stateDict?(): unknown;
  loadStateDict?(state: unknown): void;
}
