import { checkInteger, checkKnownKeys } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';
import { CompositeScheduler } from './composite-scheduler.js';

export interface SequentialLROptions {
  /** The schedules, in order, all built on `optimizer`. */
  schedulers: readonly LRScheduler[];
  /** The epochs at which the next schedule takes over (one fewer than schedulers, increasing). */
  milestones: readonly number[];
}

/**
 * Runs schedules one after another, as `torch.optim.lr_scheduler.SequentialLR`: scheduler k
 * drives the lr from milestone k−1 on, restarting from its own epoch 0 (and the groups' initial
 * lrs) there. Typical: `LinearLR` warm-up, then `CosineAnnealingLR`.
 */
export class SequentialLR extends CompositeScheduler<LRScheduler> {
  readonly milestones: readonly number[];

  constructor(optimizer: Optimizer, options: SequentialLROptions) {
    const where = 'SequentialLR';
    if (typeof options !== 'object' || options === null || !Array.isArray(options.schedulers) || !Array.isArray(options.milestones))
      throw new TypeError(`${where}: options { schedulers, milestones } are required`);
    checkKnownKeys(where, options, ['schedulers', 'milestones']);
    const { schedulers, milestones } = options;
    if (schedulers.length === 0) throw new TypeError(`${where}: expects at least one scheduler`);
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new TypeError(`${where}: schedulers[${i}] is not an epoch scheduler (ReduceLROnPlateau and composite schedulers cannot be sequenced)`);
      if (s.optimizer !== optimizer) throw new TypeError(`${where}: schedulers[${i}] (${s.name}) belongs to another optimizer`);
    });
    if (milestones.length !== schedulers.length - 1)
      throw new TypeError(`${where}: ${schedulers.length} schedulers need ${schedulers.length - 1} milestones, got ${milestones.length}`);
    milestones.forEach((m, i) => {
      checkInteger(where, `milestones[${i}]`, m, 1);
      if (i > 0 && m <= milestones[i - 1]!) throw new RangeError(`${where}: milestones must increase, got ${milestones.join(', ')}`);
    });
    super(where, optimizer, [...schedulers]);
    this.milestones = [...milestones];
    // Undo what constructing the schedulers did, then start the first one afresh.
    for (const group of optimizer.paramGroups) group.lr = group.initialLr ?? group.lr;
    for (const s of this.schedulers) s.rewind();
    this.schedulers[0]!.reinitialize();
    this.lastLr = this.schedulers[0]!.getLastLr();
  }

  step(): void {
    this.lastEpoch++;
    let k = 0;
    while (k < this.milestones.length && this.milestones[k]! <= this.lastEpoch) k++;
    const s = this.schedulers[k]!;
    if (k > 0 && this.milestones[k - 1] === this.lastEpoch) s.restart();
    else s.step();
    this.lastLr = s.getLastLr();
  }
}
