import { checkKnownKeys, checkNonNegative } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface InverseTimeLROptions {
  /** The rate r in lr0/(1 + r·t). */
  decayRate: number;
}

/** Inverse-time decay: lr = lr0/(1 + r·t). */
export class InverseTimeLR extends LRScheduler {
  readonly decayRate: number;

  constructor(optimizer: Optimizer, options: InverseTimeLROptions) {
    super('InverseTimeLR', optimizer);
    if (typeof options !== 'object' || options === null) throw new TypeError('InverseTimeLR: options { decayRate } are required');
    checkKnownKeys('InverseTimeLR', options, ['decayRate']);
    this.decayRate = checkNonNegative('InverseTimeLR', 'decayRate', options.decayRate);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const t = this.lastEpoch;
    const r = this.decayRate;
    return this.mapGroups((lr) => (this.initial || t === 0 ? lr : (lr * (1 + r * (t - 1))) / (1 + r * t)));
  }

  protected closedFormLr(): number[] {
    return this.mapGroups((_lr, base) => base / (1 + this.decayRate * this.lastEpoch));
  }
}
