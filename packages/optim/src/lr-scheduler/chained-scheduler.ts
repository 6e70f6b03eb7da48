import type { Optimizer } from '../optimizer.js';
import { LRScheduler } from './lr-scheduler.js';
import { CompositeScheduler } from './composite-scheduler.js';
import { SequentialLR } from './sequential-lr.js';

/** What a ChainedScheduler can chain: epoch schedulers and compositions of them. */
export type ChainableScheduler = LRScheduler | SequentialLR | ChainedScheduler;

/**
 * Steps several schedulers together, as `torch.optim.lr_scheduler.ChainedScheduler`: each
 * `step()` steps every scheduler in order, so chainable schedules multiply (e.g. a `LinearLR`
 * warm-up on top of an `ExponentialLR` decay).
 */
export class ChainedScheduler extends CompositeScheduler<ChainableScheduler> {
  constructor(schedulers: readonly ChainableScheduler[], optimizer?: Optimizer) {
    const where = 'ChainedScheduler';
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new TypeError(`${where}: expects at least one scheduler`);
    const opt: Optimizer = optimizer ?? schedulers[0]!.optimizer;
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler || s instanceof SequentialLR || s instanceof ChainedScheduler))
        throw new TypeError(`${where}: schedulers[${i}] cannot be chained (ReduceLROnPlateau needs a metric; step it yourself)`);
      if (s.optimizer !== opt) throw new TypeError(`${where}: schedulers[${i}] (${s.name}) belongs to another optimizer`);
    });
    super(where, opt, [...schedulers]);
  }

  step(): void {
    this.lastEpoch++;
    for (const s of this.schedulers) s.step();
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }
}
