import { checkInteger, checkKnownKeys } from '../check.js';
import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';
import { checkStateDict, readInteger, readList, readPerGroup } from './state.js';
import type { SchedulerStateDict } from './state.js';

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
export class SequentialLR {
  readonly name = 'SequentialLR';
  readonly schedulers: readonly LRScheduler[];
  readonly milestones: readonly number[];
  lastEpoch = 0;
  private lastLr: number[];

  constructor(readonly optimizer: Optimizer, options: SequentialLROptions) {
    const where = this.name;
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
    this.schedulers = [...schedulers];
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

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, lastLr: [...this.lastLr], schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  /** Restores its own progress and each scheduler's (checked before anything changes). */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const where = `${this.name}.loadStateDict`;
    const sd = checkStateDict(where, stateDict);
    const lastEpoch = readInteger(where, sd, 'lastEpoch', 0);
    const lastLr = readPerGroup(where, sd, 'lastLr', this.optimizer.paramGroups.length);
    const children = readList(where, sd, 'schedulers', this.schedulers.length);
    loadAll(this.schedulers, children);
    this.lastEpoch = lastEpoch;
    this.lastLr = [...lastLr];
  }
}

/** Loads each scheduler's state; if one fails, the ones before it are put back as they were. */
export function loadAll(schedulers: readonly { stateDict(): SchedulerStateDict; loadStateDict(sd: SchedulerStateDict): void }[], states: readonly SchedulerStateDict[]): void {
  const before = schedulers.map((s) => s.stateDict());
  let k = 0;
  try {
    for (; k < schedulers.length; k++) schedulers[k]!.loadStateDict(states[k]!);
  } catch (err) {
    for (let j = 0; j < k; j++) schedulers[j]!.loadStateDict(before[j]!);
    throw err;
  }
}
