import { defaultGenerator } from '@pistil/nn';
import { loadCheckpoint } from '../checkpoint/checkpoint.js';
import type { FitContext } from './context.js';

/** Prefixes an error's message with where it happened, keeping its class. */
function withContext(err: unknown, prefix: string): unknown {
  if (err instanceof Error) err.message = `${prefix}: ${err.message}`;
  return err;
}

/**
 * Restores the `last` checkpoint of `dir` into the run: model, optimizer, scheduler, data order,
 * the default generator, callback state and history. Returns the checkpoint's epoch and whether
 * that run had been stopped early.
 */
export async function resumeFrom(dir: string, ctx: FitContext): Promise<{ epoch: number; stopped: boolean }> {
  const ck = await loadCheckpoint(dir, 'last');
  const where = `fit: resume from ${ck.path}`;
  try {
    try {
      ctx.model.loadStateDict(ck.model);
    } catch (err) {
      throw withContext(err, `${where}: the model does not match the checkpoint's`);
    }
    try {
      ctx.optimizer.loadStateDict(ck.optimizer);
    } catch (err) {
      throw withContext(err, `${where}: the optimizer does not match the checkpoint's`);
    }
    if (ctx.scheduler) {
      if (!ck.scheduler) throw new TypeError(`${where}: a scheduler was given, but the checkpoint has no scheduler state`);
      try {
        ctx.scheduler.loadStateDict(ck.scheduler);
      } catch (err) {
        throw withContext(err, `${where}: the scheduler does not match the checkpoint's`);
      }
    } else if (ck.scheduler) ctx.log(`${where}: the checkpoint has scheduler state but no scheduler was given; the learning rate stays as the optimizer's state has it`);
    if (ctx.trainData.loadStateDict && ck.data) ctx.trainData.loadStateDict(ck.data);
    else if (ctx.trainData.loadStateDict) ctx.log(`${where}: the checkpoint has no data-iterator state; shuffling will not continue the saved run`);
    defaultGenerator.setState(ck.rng);
    for (const [key, cb] of ctx.stateful) if (key in ck.callbacks) cb.loadStateDict!(ck.callbacks[key]);
    ctx.history = ck.history;
    ctx.epoch = ck.epoch;
    return { epoch: ck.epoch, stopped: ck.stopped };
  } finally {
    ck.dispose();
  }
}
