import { checkKnownKeys, checkNonNegative, checkPositive } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

/** Either the factor per epoch γ, or a decay rate λ meaning γ = e^(−λ). */
export type ExponentialLROptions = { gamma: number; decayRate?: undefined } | { decayRate: number; gamma?: undefined };

/**
 * Exponential decay, as `torch.optim.lr_scheduler.ExponentialLR`: lr = lr0·γ^t, or given
 * `decayRate` λ, lr = lr0·e^(−λt).
 */
export class ExponentialLR extends LRScheduler {
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super('ExponentialLR', optimizer);
    if (typeof options !== 'object' || options === null) throw new TypeError('ExponentialLR: options { gamma } or { decayRate } are required');
    checkKnownKeys('ExponentialLR', options, ['gamma', 'decayRate']);
    const { gamma, decayRate } = options;
    if ((gamma === undefined) === (decayRate === undefined)) throw new TypeError('ExponentialLR: give exactly one of gamma (lr0·γ^t) and decayRate (lr0·e^(−λt))');
    this.gamma = gamma !== undefined ? checkPositive('ExponentialLR', 'gamma', gamma) : Math.exp(-checkNonNegative('ExponentialLR', 'decayRate', decayRate));
    this.initialStep();
  }

  protected computeLr(): number[] {
    return this.mapGroups((lr) => (this.initial ? lr : lr * this.gamma));
  }

  protected closedFormLr(): number[] {
    return this.mapGroups((_lr, base) => base * this.gamma ** this.lastEpoch);
  }
}
