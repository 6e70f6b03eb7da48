import { Tensor } from '@pistil/nn';
import { checkChoice, checkInRange, checkInteger, checkKnownKeys, checkNonNegative, perGroup } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { checkStateDict, readInteger, readPerGroup } from './state.js';
import type { SchedulerStateDict } from './state.js';

export interface ReduceLROnPlateauOptions {
  /** 'min' (default): the metric should fall (a loss); 'max': it should rise (an accuracy). */
  mode?: 'min' | 'max';
  /** lr ← lr·factor on a plateau, in [0, 1) (default 0.1). */
  factor?: number;
  /** Epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** How much better counts as better (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): better than best·(1 ∓ threshold); 'abs': better than best ∓ threshold. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound on the lr, one for all groups or one per group (default 0). */
  minLr?: number | readonly number[];
  /** Reductions smaller than this are skipped (default 1e-8). */
  eps?: number;
}

/**
 * Lowers the lr when a metric stops improving, as `torch.optim.lr_scheduler.ReduceLROnPlateau`:
 * call `step(metric)` once per epoch with, say, the validation loss.
 */
export class ReduceLROnPlateau {
  readonly name = 'ReduceLROnPlateau';
  readonly mode: 'min' | 'max';
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: 'rel' | 'abs';
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  /** Calls to `step` so far. */
  lastEpoch = 0;
  /** The best metric seen (±Infinity before the first). */
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  private lastLr: number[];

  constructor(readonly optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const where = this.name;
    if (typeof optimizer !== 'object' || optimizer === null || !Array.isArray(optimizer.paramGroups)) throw new TypeError(`${where}: expected an optimizer, got ${String(optimizer)}`);
    if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object`);
    checkKnownKeys(where, options, ['mode', 'factor', 'patience', 'threshold', 'thresholdMode', 'cooldown', 'minLr', 'eps']);
    this.mode = checkChoice(where, 'mode', options.mode ?? 'min', ['min', 'max'] as const);
    this.factor = checkInRange(where, 'factor', options.factor ?? 0.1, 0, 1);
    this.patience = checkInteger(where, 'patience', options.patience ?? 10, 0);
    this.threshold = checkNonNegative(where, 'threshold', options.threshold ?? 1e-4);
    this.thresholdMode = checkChoice(where, 'thresholdMode', options.thresholdMode ?? 'rel', ['rel', 'abs'] as const);
    this.cooldown = checkInteger(where, 'cooldown', options.cooldown ?? 0, 0);
    this.minLrs = perGroup(where, 'minLr', options.minLr ?? 0, optimizer.paramGroups.length, checkNonNegative);
    this.eps = checkNonNegative(where, 'eps', options.eps ?? 1e-8);
    this.best = this.worst;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  private get worst(): number {
    return this.mode === 'min' ? Infinity : -Infinity;
  }

  /** Whether `a` improves on `best` by more than the threshold (NaN never does). */
  isBetter(a: number, best: number): boolean {
    const { mode, threshold } = this;
    if (this.thresholdMode === 'rel') return mode === 'min' ? a < best * (1 - threshold) : a > best * (1 + threshold);
    return mode === 'min' ? a < best - threshold : a > best + threshold;
  }

  /**
   * Records this epoch's metric (a number or a one-element tensor) and reduces the lr on a
   * plateau. The metric is required; the parameter is optional only so that every scheduler fits
   * one `step(metric?)` shape.
   */
  step(metric?: number | Tensor): void {
    if (metric === undefined) throw new TypeError('ReduceLROnPlateau.step: pass the metric to watch, e.g. step(validationLoss)');
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') throw new TypeError(`ReduceLROnPlateau.step: metric must be a number or a one-element tensor, got ${String(metric)}`);
    this.lastEpoch++;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs++;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduce();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  private reduce(): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const minLr = this.minLrs[i];
      if (minLr === undefined) throw new TypeError(`ReduceLROnPlateau: param group ${i} was added after the scheduler was created`);
      const next = Math.max(g.lr * this.factor, minLr);
      if (g.lr - next > this.eps) g.lr = next;
    });
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /** Progress as JSON; `best` is null before the first metric (JSON has no Infinity). */
  stateDict(): SchedulerStateDict {
    return {
      lastEpoch: this.lastEpoch,
      best: Number.isFinite(this.best) ? this.best : null,
      numBadEpochs: this.numBadEpochs,
      cooldownCounter: this.cooldownCounter,
      lastLr: [...this.lastLr],
    };
  }

  loadStateDict(stateDict: SchedulerStateDict): void {
    const where = 'ReduceLROnPlateau.loadStateDict';
    const sd = checkStateDict(where, stateDict);
    const lastEpoch = readInteger(where, sd, 'lastEpoch', 0);
    const best = sd.best;
    if (best !== null && (typeof best !== 'number' || Number.isNaN(best))) throw new TypeError(`${where}: 'best' must be a number or null, got ${JSON.stringify(best)}`);
    const numBadEpochs = readInteger(where, sd, 'numBadEpochs', 0);
    const cooldownCounter = readInteger(where, sd, 'cooldownCounter', 0);
    const lastLr = readPerGroup(where, sd, 'lastLr', this.optimizer.paramGroups.length);
    this.lastEpoch = lastEpoch;
    this.best = best === null ? this.worst : best;
    this.numBadEpochs = numBadEpochs;
    this.cooldownCounter = cooldownCounter;
    this.lastLr = [...lastLr];
  }
}
