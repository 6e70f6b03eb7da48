import type { Optimizer } from '../optimizer.js';
import { checkStateDict, readInteger, readList, readPerGroup } from './state.js';
import type { SchedulerStateDict } from './state.js';

interface Restorable {
  stateDict(): SchedulerStateDict;
  loadStateDict(stateDict: SchedulerStateDict): void;
}

/** Loads every scheduler's state, or none: on an error the ones already loaded are put back. */
function loadAll(schedulers: readonly Restorable[], states: readonly SchedulerStateDict[]): void {
  const before = schedulers.map((s) => s.stateDict());
  let k = 0;
  try {
    for (; k < schedulers.length; k++) schedulers[k]!.loadStateDict(states[k]!);
  } catch (err) {
    for (let j = 0; j < k; j++) schedulers[j]!.loadStateDict(before[j]!);
    throw err;
  }
}

/** What SequentialLR and ChainedScheduler share: their own progress plus their schedulers' states. */
export abstract class CompositeScheduler<S extends Restorable> {
  /** Calls to `step` so far. */
  lastEpoch = 0;
  protected lastLr: number[];

  protected constructor(
    readonly name: string,
    readonly optimizer: Optimizer,
    readonly schedulers: readonly S[],
  ) {
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  abstract step(): void;

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
    loadAll(this.schedulers, readList(where, sd, 'schedulers', this.schedulers.length));
    this.lastEpoch = lastEpoch;
    this.lastLr = [...lastLr];
  }
}
