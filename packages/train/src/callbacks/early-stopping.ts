import { improved, inferMode, monitorValue } from '../fit/history.js';
import type { EpochLog, Mode } from '../fit/history.js';
import type { Callback, TrainerContext } from './callback.js';

export interface EarlyStoppingOptions {
  /** The epoch-log key to watch (default 'valLoss'). */
  monitor?: string;
  /** 'min' or 'max'; default: 'max' for accuracy-like names, else 'min'. */
  mode?: Mode;
  /** Epochs without improvement to wait before stopping (default 3, as PyTorch Lightning). */
  patience?: number;
  /** An improvement must beat the best by more than this (default 0). */
  minDelta?: number;
}

/** Stops training when the monitored quantity has not improved for `patience` epochs. */
export class EarlyStopping implements Callback {
  readonly monitor: string;
  readonly mode: Mode;
  readonly patience: number;
  readonly minDelta: number;
  /** Best value so far, and its epoch (0 before the first epoch). */
  best: number;
  bestEpoch = 0;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The epoch training was stopped at (0 if it was not). */
  stoppedEpoch = 0;

  constructor(options: EarlyStoppingOptions = {}) {
    this.monitor = options.monitor ?? 'valLoss';
    this.mode = options.mode ?? inferMode(this.monitor);
    this.patience = options.patience ?? 3;
    this.minDelta = options.minDelta ?? 0;
    if (this.mode !== 'min' && this.mode !== 'max') throw new RangeError(`EarlyStopping: mode must be 'min' or 'max', got '${String(this.mode)}'`);
    if (!Number.isInteger(this.patience) || this.patience < 0) throw new RangeError(`EarlyStopping: patience must be an integer ≥ 0, got ${this.patience}`);
    if (!(this.minDelta >= 0)) throw new RangeError(`EarlyStopping: minDelta must be ≥ 0, got ${this.minDelta}`);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }

  onEpochEnd(log: EpochLog, ctx: TrainerContext): void {
    const value = monitorValue(log, this.monitor, 'EarlyStopping');
    if (improved(value, this.best, this.mode, this.minDelta)) {
      this.best = value;
      this.bestEpoch = log.epoch;
      this.wait = 0;
      return;
    }
    this.wait++;
    if (this.wait >= this.patience) {
      this.stoppedEpoch = log.epoch;
      ctx.stopTraining = true;
      ctx.log(`early stopping after epoch ${log.epoch}: ${this.monitor} has not improved for ${this.wait} epoch${this.wait === 1 ? '' : 's'} (best ${this.best.toPrecision(6)} at epoch ${this.bestEpoch})`);
    }
  }

  stateDict(): { best: number; bestEpoch: number; wait: number; stoppedEpoch: number } {
    return { best: this.best, bestEpoch: this.bestEpoch, wait: this.wait, stoppedEpoch: this.stoppedEpoch };
  }

  loadStateDict(state: unknown): void {
    const s = state as Partial<ReturnType<EarlyStopping['stateDict']>>;
    if (typeof s?.best !== 'number' || typeof s.wait !== 'number') throw new TypeError('EarlyStopping.loadStateDict: expected { best, bestEpoch, wait, stoppedEpoch }');
    this.best = s.best;
    this.bestEpoch = s.bestEpoch ?? 0;
    this.wait = s.wait;
    this.stoppedEpoch = s.stoppedEpoch ?? 0;
  }
}
