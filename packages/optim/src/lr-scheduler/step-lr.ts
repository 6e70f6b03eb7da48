import { checkBoolean, checkKnownKeys, checkNonNegative, checkPositive, checkInteger } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface StepLROptions {
  /** Epochs between decays (a positive integer with staircase; any positive number without). */
  stepSize: number;
  /** Factor per `stepSize` epochs (default 0.1). */
  gamma?: number;
  /** Decay in steps, lr0·γ^⌊t/stepSize⌋ (default true), or continuously, lr0·γ^(t/stepSize). */
  staircase?: boolean;
}

/**
 * Step decay, as `torch.optim.lr_scheduler.StepLR`: lr = lr0·γ^⌊t/stepSize⌋; with
 * `staircase: false` the continuous lr0·γ^(t/stepSize).
 */
export class StepLR extends LRScheduler {
  readonly stepSize: number;
  readonly gamma: number;
  readonly staircase: boolean;

  constructor(optimizer: Optimizer, options: StepLROptions) {
    super('StepLR', optimizer);
    if (typeof options !== 'object' || options === null) throw new TypeError('StepLR: options { stepSize, gamma } are required');
    checkKnownKeys('StepLR', options, ['stepSize', 'gamma', 'staircase']);
    this.staircase = checkBoolean('StepLR', 'staircase', options.staircase ?? true);
    this.stepSize = this.staircase ? checkInteger('StepLR', 'stepSize', options.stepSize, 1) : checkPositive('StepLR', 'stepSize', options.stepSize);
    this.gamma = checkNonNegative('StepLR', 'gamma', options.gamma ?? 0.1);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const t = this.lastEpoch;
    if (this.initial || t === 0) return this.mapGroups((lr) => lr);
    if (!this.staircase) return this.mapGroups((lr) => lr * this.gamma ** (1 / this.stepSize));
    return this.mapGroups((lr) => (t % this.stepSize === 0 ? lr * this.gamma : lr));
  }

  protected closedFormLr(): number[] {
    const exponent = this.staircase ? Math.floor(this.lastEpoch / this.stepSize) : this.lastEpoch / this.stepSize;
    return this.mapGroups((_lr, base) => base * this.gamma ** exponent);
  }
}
