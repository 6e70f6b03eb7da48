import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';
import { SequentialLR, loadAll } from './sequential-lr.js';
import { checkStateDict, readInteger, readList, readPerGroup } from './state.js';
import type { SchedulerStateDict } from './state.js';

/** What a ChainedScheduler can chain: epoch schedulers and compositions of them. */
export type ChainableScheduler = LRScheduler | SequentialLR | ChainedScheduler;

/**
 * Steps several schedulers together, as `torch.optim.lr_scheduler.ChainedScheduler`: each
 * `step()` steps every scheduler in order, so chainable schedules multiply (e.g. a `LinearLR`
 * warm-up on top of an `ExponentialLR` decay).
 */
export class ChainedScheduler {
  readonly name = 'ChainedScheduler';
  readonly schedulers: readonly ChainableScheduler[];
  readonly optimizer: Optimizer;
  /** Calls to `step` so far. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(schedulers: readonly ChainableScheduler[], optimizer?: Optimizer) {
    const where = this.name;
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new TypeError(`${where}: expects at least one scheduler`);
    const opt: Optimizer = optimizer ?? schedulers[0]!.optimizer;
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler || s instanceof SequentialLR || s instanceof ChainedScheduler))
        throw new TypeError(`${where}: schedulers[${i}] cannot be chained (ReduceLROnPlateau needs a metric; step it yourself)`);
      if (s.optimizer !== opt) throw new TypeError(`${where}: schedulers[${i}] (${s.name}) belongs to another optimizer`);
    });
    this.schedulers = [...schedulers];
    this.optimizer = opt;
    this.lastLr = opt.paramGroups.map((g) => g.lr);
  }

  step(): void {
    this.lastEpoch++;
    for (const s of this.schedulers) s.step();
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  getLastLr(): number[] {
    return [...this.lastLr];
  }

  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, lastLr: [...this.lastLr], schedulers: this.schedulers.map((s) => s.stateDict()) };
  }

  loadStateDict(stateDict: SchedulerStateDict): void {
    const where = `${this.name}.loadStateDict`;
    const sd = checkStateDict(where, stateDict);
    const lastEpoch = readInteger(where, sd, 'lastEpoch', 0);
    const lastLr = readPerGroup(where, sd, 'lastLr', this.optimizer.paramGroups.length);
    loadAll(this.schedulers, readList(where, sd, 'schedulers', this.schedulers.length));
    this.lastEpoch = lastEpoch;
    this.lastLr = [...lastLr];
  }
}
