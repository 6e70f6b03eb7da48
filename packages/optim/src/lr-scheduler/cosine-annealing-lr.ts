import { checkInteger, checkKnownKeys, checkNonNegative } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';

export interface CosineAnnealingLROptions {
  /** Epochs of the half cosine from lr0 down to etaMin (then it rises again, as PyTorch's). */
  TMax: number;
  /** The lowest lr (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing, as `torch.optim.lr_scheduler.CosineAnnealingLR`:
 * lr = ηmin + (lr0 − ηmin)·(1 + cos(πt/TMax))/2, computed in PyTorch's chainable (recursive) form.
 */
export class CosineAnnealingLR extends LRScheduler {
  readonly TMax: number;
  readonly etaMin: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer);
    if (typeof options !== 'object' || options === null) throw new TypeError('CosineAnnealingLR: options { TMax, etaMin } are required');
    checkKnownKeys('CosineAnnealingLR', options, ['TMax', 'etaMin']);
    this.TMax = checkInteger('CosineAnnealingLR', 'TMax', options.TMax, 1);
    this.etaMin = checkNonNegative('CosineAnnealingLR', 'etaMin', options.etaMin ?? 0);
    this.initialStep();
  }

  protected computeLr(): number[] {
    const t = this.lastEpoch;
    const T = this.TMax;
    const etaMin = this.etaMin;
    if (this.initial) return this.mapGroups((lr) => lr);
    // At the trough the ratio below would divide by zero; PyTorch steps up by a fixed amount there.
    if ((t - 1 - T) % (2 * T) === 0) return this.mapGroups((lr, base) => lr + ((base - etaMin) * (1 - Math.cos(Math.PI / T))) / 2);
    const ratio = (1 + Math.cos((Math.PI * t) / T)) / (1 + Math.cos((Math.PI * (t - 1)) / T));
    return this.mapGroups((lr) => ratio * (lr - etaMin) + etaMin);
  }

  protected closedFormLr(): number[] {
    return this.mapGroups((_lr, base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.lastEpoch) / this.TMax))) / 2);
  }
}
