import { saveCheckpoint } from '../checkpoint/checkpoint.js';
import { improved, inferMode, monitorValue } from '../fit/history.js';
import type { EpochLog, Mode } from '../fit/history.js';
import type { Callback, TrainerContext } from './callback.js';

export interface ModelCheckpointOptions {
  /** Folder of the checkpoints: `last.json` and `best.json`, each with its safetensors file. */
  dir: string;
  /** The epoch-log key that decides the best checkpoint (default 'valLoss'), e.g. 'valAccuracy'. */
  monitor?: string;
  /** 'min' or 'max'; default: 'max' for accuracy-like names, else 'min'. */
  mode?: Mode;
  /** Save `last` after every epoch (default true): what `fit({ resume })` continues from. */
  saveLast?: boolean;
  /** Save `best` whenever the monitored value improves (default true). */
  saveBest?: boolean;
}

/**
 * Saves the run after each epoch: model, optimizer, scheduler, data order, RNG, history and
 * callback state, so `fit({ resume: dir })` continues it. `fit` runs these after every other
 * callback, so the saved state includes this epoch's early-stopping decision.
 */
export class ModelCheckpoint implements Callback {
  readonly dir: string;
  readonly monitor: string;
  readonly mode: Mode;
  readonly saveLast: boolean;
  readonly saveBest: boolean;
  best: number;
  bestEpoch = 0;

  constructor(options: ModelCheckpointOptions) {
    if (typeof options?.dir !== 'string' || options.dir === '') throw new TypeError('ModelCheckpoint: options.dir must be a folder path');
    this.dir = options.dir;
    this.monitor = options.monitor ?? 'valLoss';
    this.mode = options.mode ?? inferMode(this.monitor);
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`ModelCheckpoint: mode must be 'min' or 'max', got '${String(this.mode)}'`);
    this.saveLast = options.saveLast ?? true;
    this.saveBest = options.saveBest ?? true;
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  async onEpochEnd(log: EpochLog, ctx: TrainerContext): Promise<void> {
    const isBest = this.saveBest && improved(monitorValue(log, this.monitor, 'ModelCheckpoint'), this.best, this.mode);
    if (isBest) {
      this.best = log[this.monitor]!;
      this.bestEpoch = log.epoch;
    }
    const state = ctx.checkpointState(); // after the update above, so a resumed run knows the best so far
    if (this.saveLast) await saveCheckpoint(this.dir, 'last', state);
    if (isBest) {
      const path = await saveCheckpoint(this.dir, 'best', state);
      ctx.log(`epoch ${log.epoch}: ${this.monitor} ${this.best.toPrecision(6)} is the best so far; saved ${path}`);
    }
  }

  stateDict(): { best: number; bestEpoch: number } {
    return { best: this.best, bestEpoch: this.bestEpoch };
  }

  loadStateDict(state: unknown): void {
    const s = state as Partial<ReturnType<ModelCheckpoint['stateDict']>>;
    if (typeof s?.best !== 'number') throw new TypeError('ModelCheckpoint.loadStateDict: expected { best, bestEpoch }');
    this.best = s.best;
    this.bestEpoch = s.bestEpoch ?? 0;
  }
}
