import { checkInteger, checkKnownKeys, checkNonNegative } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface MultiStepLROptions {
  /** Epochs at which the lr is multiplied by γ (a milestone listed twice multiplies twice). */
  milestones: readonly number[];
  /** Factor per milestone (default 0.1). */
  gamma?: number;
}

/** Decay at milestones, as `torch.optim.lr_scheduler.MultiStepLR`: lr = lr0·γ^(milestones ≤ t). */
export class MultiStepLR extends LRScheduler {
  readonly milestones: readonly number[];
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: MultiStepLROptions) {
    super('MultiStepLR', optimizer);
    if (typeof options !== 'object' || options === null || !Array.isArray(options.milestones))
      throw new TypeError('MultiStepLR: options { milestones: number[], gamma } are required');
    checkKnownKeys('MultiStepLR', options, ['milestones', 'gamma']);
    this.milestones = options.milestones.map((m, i) => checkInteger('MultiStepLR', `milestones[${i}]`, m, 0)).sort((a, b) => a - b);
    this.gamma = checkNonNegative('MultiStepLR', 'gamma', options.gamma ?? 0.1);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    return this.mapGroups((lr) => (hits === 0 ? lr : lr * this.gamma ** hits));
  }

  protected closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.mapGroups((_lr, base) => base * this.gamma ** passed);
  }
}
