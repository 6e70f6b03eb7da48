import type { ChainedScheduler } from './chained-scheduler.js';
import type { LRScheduler } from './lr-scheduler.js';
import type { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import type { SequentialLR } from './sequential-lr.js';

/**
 * Any scheduler. All have `optimizer`, `lastEpoch`, `getLastLr()`, `stateDict()` and
 * `loadStateDict()`; `step()` takes no argument except on `ReduceLROnPlateau` (the metric) —
 * narrow with `instanceof ReduceLROnPlateau`.
 */
export type Scheduler = LRScheduler | SequentialLR | ChainedScheduler | ReduceLROnPlateau;
