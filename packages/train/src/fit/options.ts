import type { Callback } from '../callbacks/callback.js';
import type { EarlyStoppingOptions } from '../callbacks/early-stopping.js';
import type { ModelCheckpointOptions } from '../callbacks/model-checkpoint.js';
import type { ProgressBarOptions } from '../callbacks/progress-bar.js';
import type { ClipGradNormOptions } from '../clip-grad-norm.js';
import type { Metric } from '../metrics/streaming.js';
import type { BatchSource, LossFn, OptimizerLike, SchedulerLike, TrainableModel } from '../types.js';
import type { Mode } from './history.js';

export interface FitOptions {
  model: TrainableModel;
  optimizer: OptimizerLike;
  /** `(output, target) => scalar`, e.g. `crossEntropy`, or a loss module. */
  lossFn: LossFn;
  trainData: BatchSource;
  /** Validated after every epoch, in eval mode under `noGrad`. */
  valData?: BatchSource;
  /** Total epochs; a resumed run counts the epochs already done. */
  epochs: number;
  scheduler?: SchedulerLike;
  /** When to step the scheduler: after every 'epoch' or every 'batch'; default 'batch' for `OneCycleLR`, else 'epoch'. */
  schedulerStep?: 'epoch' | 'batch';
  /**
   * The epoch-log key whose value `scheduler.step(value)` gets at each epoch end. Default: `monitor`
   * for `ReduceLROnPlateau`; other schedulers get `step()` unless this is set.
   */
  schedulerMonitor?: string;
  /** Extra metrics by name, reported as `train<Name>` and `val<Name>` (e.g. `valTop5`). */
  metrics?: Record<string, Metric>;
  /** What `history.best` tracks, and the default monitor of early stopping and checkpoints: 'valLoss' with `valData`, else 'trainLoss'. */
  monitor?: string;
  /** 'min' or 'max' for `monitor`; default: 'max' for accuracy-like names, else 'min'. */
  mode?: Mode;
  callbacks?: Callback[];
  /** Adds an `EarlyStopping` callback (its monitor and mode default to `monitor` and `mode`). */
  earlyStopping?: EarlyStoppingOptions;
  /** Adds a `ModelCheckpoint` saving `last` and `best` to `dir`. */
  checkpoint?: ModelCheckpointOptions;
  /** A checkpoint folder: restore its `last` checkpoint and continue with the next epoch. */
  resume?: string;
  /** Clip the gradients' total norm before each optimizer step. */
  gradientClip?: { maxNorm: number } & ClipGradNormOptions;
  /** Adds a `HistoryWriter`: the history as JSON, rewritten after every epoch. */
  historyPath?: string;
  /** Progress output: true (default) for a `ProgressBar` on stdout, options for one elsewhere, false for none. */
  progress?: boolean | ProgressBarOptions;
  /** Where messages go (resuming, early stopping, best checkpoint); default `console.log`. */
  log?: (line: string) => void;
}

/** Checks the options a run cannot start without, naming what is wrong. */
export function checkFitOptions(o: FitOptions): void {
  if (typeof o !== 'object' || o === null) throw new TypeError('fit: options must be an object');
  const need = (ok: boolean, what: string): void => {
    if (!ok) throw new TypeError(`fit: ${what}`);
  };
  need(typeof o.model?.forward === 'function' && typeof o.model.parameters === 'function', 'options.model must be a Module (forward, parameters, train, eval, stateDict, loadStateDict)');
  need(typeof o.optimizer?.step === 'function' && typeof o.optimizer.zeroGrad === 'function' && Array.isArray(o.optimizer.paramGroups), 'options.optimizer must be an optimizer (step, zeroGrad, paramGroups, stateDict, loadStateDict)');
  need(typeof o.lossFn === 'function' || typeof (o.lossFn as { forward?: unknown } | undefined)?.forward === 'function', 'options.lossFn must be a function (output, target) => loss, or a loss module');
  need(o.trainData !== null && typeof o.trainData === 'object', 'options.trainData must be an iterable of [input, target] batches (a DataLoader)');
  if (!Number.isInteger(o.epochs) || o.epochs < 1) throw new RangeError(`fit: options.epochs must be an integer ≥ 1, got ${String(o.epochs)}`);
  if (o.schedulerStep !== undefined && o.schedulerStep !== 'epoch' && o.schedulerStep !== 'batch')
    throw new RangeError(`fit: options.schedulerStep must be 'epoch' or 'batch', got '${String(o.schedulerStep)}'`);
  if ((o.schedulerStep !== undefined || o.schedulerMonitor !== undefined) && !o.scheduler) throw new TypeError('fit: schedulerStep/schedulerMonitor given without a scheduler');
  if (o.gradientClip && !(o.gradientClip.maxNorm >= 0)) throw new RangeError(`fit: gradientClip.maxNorm must be a number ≥ 0, got ${String(o.gradientClip.maxNorm)}`);
  for (const [name, m] of Object.entries(o.metrics ?? {}))
    need(typeof m?.update === 'function' && typeof m.compute === 'function' && typeof m.reset === 'function', `metrics.${name} must be a Metric (update, compute, reset)`);
  if (!o.valData) {
    const monitors: [string, string | undefined][] = [['monitor', o.monitor], ['earlyStopping.monitor', o.earlyStopping?.monitor], ['checkpoint.monitor', o.checkpoint?.monitor], ['schedulerMonitor', o.schedulerMonitor]];
    for (const [option, monitor] of monitors)
      if (monitor?.startsWith('val')) throw new RangeError(`fit: ${option} '${monitor}' needs valData, and none was given`);
  }
}
