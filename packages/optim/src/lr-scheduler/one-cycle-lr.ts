import { checkBoolean, checkChoice, checkInRange, checkInteger, checkKnownKeys, checkNonNegative, checkPositive, perGroup } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import type { ParamGroup } from '../types.js';
import { LRScheduler } from './lr-scheduler.js';

export interface OneCycleLROptions {
  /** Peak lr, one for all groups or one per group. */
  maxLr: number | readonly number[];
  /** Steps in the cycle; or give `epochs` and `stepsPerEpoch`. */
  totalSteps?: number;
  epochs?: number;
  stepsPerEpoch?: number;
  /** Fraction of the cycle spent raising the lr (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' annealing between the phase ends. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle the momentum (SGD/RMSprop `momentum`, Adam's β1) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Momentum at the lr peak (default 0.85). */
  baseMomentum?: number | readonly number[];
  /** Momentum at the start and end (default 0.95). */
  maxMomentum?: number | readonly number[];
  /** The starting lr is maxLr/divFactor (default 25). */
  divFactor?: number;
  /** The final lr is the starting lr/finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases as in the paper (up, back down to the start, then to the minimum) instead of fastai's two (default false). */
  threePhase?: boolean;
}

interface Phase {
  endStep: number;
  lr: [number, number][];
  momentum: [number, number][];
}

function hasMomentum(g: object): g is { momentum: number } {
  return 'momentum' in g && typeof g.momentum === 'number';
}

function hasBetas(g: object): g is { betas: readonly [number, number] } {
  return 'betas' in g && Array.isArray(g.betas);
}

/**
 * The 1cycle policy, as `torch.optim.lr_scheduler.OneCycleLR`, stepped once per batch: the lr
 * rises from maxLr/divFactor to maxLr over pctStart of the steps, then anneals to
 * maxLr/(divFactor·finalDivFactor); the momentum moves the opposite way. Not chainable: it sets
 * the lr from the step number alone. Stepping past `totalSteps` throws, as PyTorch.
 */
export class OneCycleLR extends LRScheduler {
  readonly totalSteps: number;
  readonly annealStrategy: 'cos' | 'linear';
  readonly cycleMomentum: boolean;
  private readonly phases: Phase[];

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    const where = 'OneCycleLR';
    if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options { maxLr, totalSteps } are required`);
    checkKnownKeys(where, options, ['maxLr', 'totalSteps', 'epochs', 'stepsPerEpoch', 'pctStart', 'annealStrategy', 'cycleMomentum', 'baseMomentum', 'maxMomentum', 'divFactor', 'finalDivFactor', 'threePhase']);
    const groups = optimizer?.paramGroups;
    if (!Array.isArray(groups)) throw new TypeError(`${where}: expected an optimizer, got ${String(optimizer)}`);
    const maxLrs = perGroup(where, 'maxLr', options.maxLr, groups.length, checkNonNegative);
    const divFactor = checkPositive(where, 'divFactor', options.divFactor ?? 25);
    const finalDivFactor = checkPositive(where, 'finalDivFactor', options.finalDivFactor ?? 1e4);
    // The schedule starts at maxLr/divFactor: that is each group's initial lr (set before the base reads it).
    groups.forEach((g, i) => {
      g.initialLr = maxLrs[i]! / divFactor;
    });
    super(where, optimizer);

    if (options.totalSteps !== undefined) this.totalSteps = checkInteger(where, 'totalSteps', options.totalSteps, 1);
    else if (options.epochs !== undefined && options.stepsPerEpoch !== undefined)
      this.totalSteps = checkInteger(where, 'epochs', options.epochs, 1) * checkInteger(where, 'stepsPerEpoch', options.stepsPerEpoch, 1);
    else throw new TypeError(`${where}: give totalSteps, or epochs and stepsPerEpoch`);
    const pctStart = checkInRange(where, 'pctStart', options.pctStart ?? 0.3, 0, 1, true);
    this.annealStrategy = checkChoice(where, 'annealStrategy', options.annealStrategy ?? 'cos', ['cos', 'linear'] as const);
    this.cycleMomentum = checkBoolean(where, 'cycleMomentum', options.cycleMomentum ?? true);
    const threePhase = checkBoolean(where, 'threePhase', options.threePhase ?? false);

    const initial = maxLrs.map((m) => m / divFactor);
    const min = initial.map((lr) => lr / finalDivFactor);
    let maxM = groups.map(() => 0);
    let baseM = groups.map(() => 0);
    if (this.cycleMomentum) {
      if (!hasMomentum(optimizer.defaults) && !hasBetas(optimizer.defaults))
        throw new TypeError(`${where}: ${optimizer.name} has neither momentum nor betas to cycle; pass cycleMomentum: false`);
      maxM = perGroup(where, 'maxMomentum', options.maxMomentum ?? 0.95, groups.length, checkNonNegative);
      baseM = perGroup(where, 'baseMomentum', options.baseMomentum ?? 0.85, groups.length, checkNonNegative);
    }
    const pair = (a: number[], b: number[]): [number, number][] => a.map((x, i) => [x, b[i]!]);
    const n = this.totalSteps;
    this.phases = threePhase
      ? [
          { endStep: pctStart * n - 1, lr: pair(initial, maxLrs), momentum: pair(maxM, baseM) },
          { endStep: 2 * pctStart * n - 2, lr: pair(maxLrs, initial), momentum: pair(baseM, maxM) },
          { endStep: n - 1, lr: pair(initial, min), momentum: pair(maxM, maxM) },
        ]
      : [
          { endStep: pctStart * n - 1, lr: pair(initial, maxLrs), momentum: pair(maxM, baseM) },
          { endStep: n - 1, lr: pair(maxLrs, min), momentum: pair(baseM, maxM) },
        ];
    this.initialStep();
  }

  private anneal(start: number, end: number, pct: number): number {
    if (this.annealStrategy === 'linear') return (end - start) * pct + start;
    return end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1);
  }

  protected computeLr(): number[] {
    const step = this.lastEpoch;
    if (step > this.totalSteps) throw new RangeError(`OneCycleLR: stepped ${step} times, but totalSteps is ${this.totalSteps}`);
    return this.groups.map((group, i) => {
      let start = 0;
      for (let k = 0; k < this.phases.length; k++) {
        const phase = this.phases[k]!;
        if (step <= phase.endStep || k === this.phases.length - 1) {
          const pct = (step - start) / (phase.endStep - start);
          if (this.cycleMomentum) this.setMomentum(group, this.anneal(...phase.momentum[i]!, pct));
          return this.anneal(...phase.lr[i]!, pct);
        }
        start = phase.endStep;
      }
      throw new Error('unreachable: the last phase always matches');
    });
  }

  protected closedFormLr(): number[] {
    return this.computeLr();
  }

  private setMomentum(group: ParamGroup, m: number): void {
    if (hasBetas(group)) group.betas = [m, group.betas[1]];
    else if (hasMomentum(group)) group.momentum = m;
  }
}
