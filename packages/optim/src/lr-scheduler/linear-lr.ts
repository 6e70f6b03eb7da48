import { checkInRange, checkInteger, checkKnownKeys, checkNumber } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface LinearLROptions {
  /** Factor at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor from `totalIters` on, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs of the linear ramp (default 5). */
  totalIters?: number;
}

/**
 * Linear warm-up (or decay), as `torch.optim.lr_scheduler.LinearLR`:
 * lr = lr0·(start + (end − start)·min(t, totalIters)/totalIters).
 */
export class LinearLR extends LRScheduler {
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    super('LinearLR', optimizer);
    if (typeof options !== 'object' || options === null) throw new TypeError('LinearLR: options must be an object');
    checkKnownKeys('LinearLR', options, ['startFactor', 'endFactor', 'totalIters']);
    this.startFactor = checkNumber('LinearLR', 'startFactor', options.startFactor ?? 1 / 3);
    if (this.startFactor <= 0 || this.startFactor > 1) throw new RangeError(`LinearLR: invalid startFactor ${this.startFactor} (must be in (0, 1])`);
    this.endFactor = checkInRange('LinearLR', 'endFactor', options.endFactor ?? 1, 0, 1, true);
    this.totalIters = checkInteger('LinearLR', 'totalIters', options.totalIters ?? 5, 1);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const t = this.lastEpoch;
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    if (t === 0) return this.mapGroups((lr) => lr * s);
    if (this.initial || t > n) return this.mapGroups((lr) => lr);
    return this.mapGroups((lr) => lr * (1 + (e - s) / (n * s + (t - 1) * (e - s))));
  }

  protected closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.mapGroups((_lr, base) => base * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }
}
