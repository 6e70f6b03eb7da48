import { OneCycleLR, ReduceLROnPlateau } from '@pistil/optim';
import type { Callback } from '../callbacks/callback.js';
import { EarlyStopping } from '../callbacks/early-stopping.js';
import { HistoryWriter } from '../callbacks/history-writer.js';
import { ModelCheckpoint } from '../callbacks/model-checkpoint.js';
import { ProgressBar } from '../callbacks/progress-bar.js';
import { FitContext } from './context.js';
import { runEpoch } from './epoch.js';
import { improved, inferMode, monitorValue } from './history.js';
import type { History, Mode } from './history.js';
import type { FitOptions } from './options.js';
import { checkFitOptions } from './options.js';
import { resumeFrom } from './resume.js';

/**
 * Trains `model` for `epochs` epochs, Keras-style, and returns the history. Each epoch: train
 * (one `tidy` per step, batches disposed), validate (`model.eval()` under `noGrad`, then back to
 * training mode), step the scheduler, record the epoch, run callbacks (checkpoints last), stop if
 * a callback asked. With `resume`, the run continues after the checkpoint's epoch, with the same
 * weights, optimizer state, learning rate, shuffling and random stream as if never interrupted.
 */
export async function fit(options: FitOptions): Promise<History> {
  checkFitOptions(options);
  const { model, optimizer, trainData, valData, epochs } = options;
  const monitor = options.monitor ?? (valData ? 'valLoss' : 'trainLoss');
  const mode = options.mode ?? inferMode(monitor);
  const scheduler = options.scheduler ?? null;
  const schedulerStep = options.schedulerStep ?? (scheduler instanceof OneCycleLR ? 'batch' : 'epoch');
  // ReduceLROnPlateau steps on a metric: `schedulerMonitor`, else the run's monitor.
  const schedulerMonitor = options.schedulerMonitor ?? (scheduler instanceof ReduceLROnPlateau ? monitor : undefined);
  if (schedulerStep === 'batch' && schedulerMonitor !== undefined)
    throw new RangeError(`fit: a scheduler stepped on a metric ('${schedulerMonitor}') steps once per epoch, not per batch`);
  const log = options.log ?? ((line: string) => console.log(line));
  // Checkpoints run after every other callback, so what they save includes this epoch's decisions
  // (early stopping) and anything other callbacks added to the epoch's log.
  const all = assembleCallbacks(options, monitor, mode);
  const checkpoints = all.filter((cb) => cb instanceof ModelCheckpoint);
  const others = all.filter((cb) => !(cb instanceof ModelCheckpoint));
  const callbacks = [...others, ...checkpoints];
  const ctx = new FitContext(model, optimizer, scheduler, trainData, epochs, { epochs: [], best: null }, log, callbacks);
  const each = async (hook: (cb: Callback) => void | Promise<void>, list = callbacks): Promise<void> => {
    for (const cb of list) await hook(cb);
  };

  if (options.resume !== undefined) {
    const { epoch, stopped } = await resumeFrom(options.resume, ctx);
    if (stopped || epoch >= epochs) {
      log(`fit: the run in ${options.resume} ${stopped ? `was stopped early after epoch ${epoch}` : `already trained ${epoch} of ${epochs} epochs`}; nothing to do`);
      return ctx.history;
    }
    log(`fit: resumed from ${options.resume} after epoch ${epoch} of ${epochs}`);
  }

  const wasTraining = model.training;
  let batches = typeof trainData.length === 'number' ? trainData.length : null;
  optimizer.zeroGrad(); // gradients left from before the run must not leak into the first step
  await each((cb) => cb.onTrainStart?.(ctx));
  try {
    for (let epoch = ctx.epoch + 1; epoch <= epochs && !ctx.stopTraining; epoch++) {
      await each((cb) => cb.onEpochStart?.(epoch, ctx));
      const { entry, trainBatches } = await runEpoch(options, epoch, {
        batchScheduler: schedulerStep === 'batch' ? scheduler : null,
        batches,
        onBatchEnd: (b) => each((cb) => cb.onBatchEnd?.(b, ctx)),
      });
      batches ??= trainBatches;
      if (scheduler && schedulerStep === 'epoch') {
        if (schedulerMonitor !== undefined) scheduler.step(monitorValue(entry, schedulerMonitor, 'fit: schedulerMonitor'));
        else scheduler.step();
      }
      ctx.history.epochs.push(entry);
      ctx.epoch = epoch;
      await each((cb) => cb.onEpochEnd?.(entry, ctx), others);
      const value = monitorValue(entry, monitor, 'fit: monitor');
      if (!ctx.history.best || improved(value, ctx.history.best.value, mode)) ctx.history.best = { epoch, monitor, mode, value };
      await each((cb) => cb.onEpochEnd?.(entry, ctx), checkpoints);
    }
  } finally {
    model.train(wasTraining);
  }
  await each((cb) => cb.onTrainEnd?.(ctx.history, ctx));
  return ctx.history;
}

/** The callbacks the options ask for: progress, the user's, early stopping, the history file, checkpoints. */
function assembleCallbacks(options: FitOptions, monitor: string, mode: Mode): Callback[] {
  const list: Callback[] = [];
  const progress = options.progress ?? true;
  if (progress !== false) list.push(new ProgressBar(progress === true ? {} : progress));
  list.push(...(options.callbacks ?? []));
  const modeFor = (m: string, given: Mode | undefined): Mode => given ?? (m === monitor ? mode : inferMode(m));
  if (options.earlyStopping) {
    const m = options.earlyStopping.monitor ?? monitor;
    list.push(new EarlyStopping({ ...options.earlyStopping, monitor: m, mode: modeFor(m, options.earlyStopping.mode) }));
  }
  if (options.historyPath !== undefined) list.push(new HistoryWriter(options.historyPath));
  if (options.checkpoint) {
    const m = options.checkpoint.monitor ?? monitor;
    list.push(new ModelCheckpoint({ ...options.checkpoint, monitor: m, mode: modeFor(m, options.checkpoint.mode) }));
  }
  return list;
}
