import { checkInteger, checkKnownKeys, checkNonNegative, checkNumber } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';
import { readNumber } from './state.js';
import type { JsonValue, SchedulerStateDict } from './state.js';

export interface CosineAnnealingWarmRestartsOptions {
  /** Epochs until the first restart. */
  T0: number;
  /** Each cycle is TMult times longer than the one before (an integer ≥ 1, default 1). */
  TMult?: number;
  /** The lowest lr (default 0). */
  etaMin?: number;
}

/**
 * SGDR, as `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`:
 * lr = ηmin + (lr0 − ηmin)·(1 + cos(π·Tcur/Ti))/2, where Tcur counts epochs since the last
 * restart and Ti = T0·TMultⁱ is the length of the current cycle. `step(epoch)` accepts a
 * fractional epoch, to update per batch: `scheduler.step(epoch + i / batchesPerEpoch)`.
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  readonly T0: number;
  readonly TMult: number;
  readonly etaMin: number;
  /** Epochs since the last restart (fractional when stepped with fractional epochs). */
  TCur = -1;
  /** Length of the current cycle. */
  Ti: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingWarmRestartsOptions) {
    super('CosineAnnealingWarmRestarts', optimizer);
    if (typeof options !== 'object' || options === null) throw new TypeError('CosineAnnealingWarmRestarts: options { T0, TMult, etaMin } are required');
    checkKnownKeys('CosineAnnealingWarmRestarts', options, ['T0', 'TMult', 'etaMin']);
    this.T0 = checkInteger('CosineAnnealingWarmRestarts', 'T0', options.T0, 1);
    this.TMult = checkInteger('CosineAnnealingWarmRestarts', 'TMult', options.TMult ?? 1, 1);
    this.etaMin = checkNonNegative('CosineAnnealingWarmRestarts', 'etaMin', options.etaMin ?? 0);
    this.Ti = this.T0;
    this.initialStep();
  }

  /** Advances one epoch, or jumps to `epoch` (may be fractional), restarting cycles as needed. */
  override step(epoch?: number): void {
    this.stepCount++;
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      this.lastEpoch++;
      this.TCur++;
      if (this.TCur >= this.Ti) {
        this.TCur %= this.Ti;
        this.Ti *= this.TMult;
      }
    } else {
      const e = checkNumber('CosineAnnealingWarmRestarts.step', 'epoch', epoch);
      if (e < 0) throw new RangeError(`CosineAnnealingWarmRestarts.step: invalid epoch ${e} (must be ≥ 0)`);
      this.seek(e);
      this.lastEpoch = Math.floor(e);
    }
    this.apply(this.computeLr());
  }

  /** Sets Tcur and Ti for epoch `e` from scratch. */
  private seek(e: number): void {
    const { T0, TMult } = this;
    if (TMult === 1) {
      this.Ti = T0;
      this.TCur = e % T0;
      return;
    }
    // Cycle n starts at T0·(TMultⁿ − 1)/(TMult − 1). Counted with integers rather than with a
    // logarithm, which can land just below a whole number at a restart.
    let n = 0;
    while (e >= (T0 * (TMult ** (n + 1) - 1)) / (TMult - 1)) n++;
    this.Ti = T0 * TMult ** n;
    this.TCur = e - (T0 * (TMult ** n - 1)) / (TMult - 1);
  }

  protected computeLr(): number[] {
    return this.mapGroups((_lr, base) => this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * this.TCur) / this.Ti))) / 2);
  }

  protected closedFormLr(): number[] {
    this.seek(this.lastEpoch);
    return this.computeLr();
  }

  protected override extraState(): { [key: string]: JsonValue } {
    return { TCur: this.TCur, Ti: this.Ti };
  }

  protected override readExtraState(where: string, sd: SchedulerStateDict): () => void {
    const TCur = readNumber(where, sd, 'TCur');
    const Ti = readNumber(where, sd, 'Ti');
    return () => {
      this.TCur = TCur;
      this.Ti = Ti;
    };
  }
}
