import type { Optimizer } from '../optimizer.js';
import type { ParamGroup } from '../types.js';
import { checkStateDict, readInteger, readPerGroup } from './state.js';
import type { JsonValue, SchedulerStateDict } from './state.js';

/**
 * Base of the epoch-driven schedulers, as PyTorch's `LRScheduler`: each `step()` advances
 * `lastEpoch` and writes a new `lr` into every param group of the optimizer.
 *
 * The first scheduler attached to an optimizer records each group's current lr as its
 * `initialLr`; every schedule starts from that (`baseLrs`), per group. Construction already takes
 * the step to epoch 0. Most schedules are chainable, as PyTorch's: `step()` scales the group's
 * *current* lr, so several schedulers (ChainedScheduler) multiply their effects.
 */
export abstract class LRScheduler {
  /** The epoch (or iteration) count: 0 after construction, +1 per `step()`. */
  lastEpoch = -1;
  /** Each group's lr at epoch 0. */
  baseLrs: number[];
  protected lastLr: number[] = [];
  protected stepCount = 0;
  /** True during the step that construction takes (chainable forms leave lr unchanged then). */
  protected initial = false;

  protected constructor(readonly name: string, readonly optimizer: Optimizer) {
    if (typeof optimizer !== 'object' || optimizer === null || !Array.isArray(optimizer.paramGroups))
      throw new TypeError(`${name}: expected an optimizer, got ${String(optimizer)}`);
    for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr ?? g.lr);
  }

  /** The lr of each group for `lastEpoch`, from the current lrs (chainable form). */
  protected abstract computeLr(): number[];

  /** The lr of each group at `lastEpoch` from `baseLrs` alone (used by SequentialLR at milestones). */
  protected abstract closedFormLr(): number[];

  /** Subclasses call this last in their constructor: the step to epoch 0. */
  protected initialStep(): void {
    this.stepCount = 0;
    this.initial = true;
    try {
      this.step();
    } finally {
      this.initial = false;
    }
  }

  /** Advances one epoch (or iteration, for per-batch schedules) and sets each group's lr. */
  step(): void {
    this.stepCount++;
    this.lastEpoch++;
    this.apply(this.computeLr());
  }

  /** @internal Restarts the schedule at epoch 0 from `baseLrs` (SequentialLR, at a milestone). */
  restart(): void {
    this.lastEpoch = 0;
    this.apply(this.closedFormLr());
  }

  /** @internal Shifts the epoch back by one (SequentialLR undoing its schedulers' first step). */
  rewind(): void {
    this.lastEpoch--;
  }

  /** @internal Takes the step to epoch 0 again (SequentialLR, for its first scheduler). */
  reinitialize(): void {
    this.initialStep();
  }

  /** The lr this scheduler last set, per group. */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  protected get groups(): ParamGroup[] {
    return this.optimizer.paramGroups;
  }

  /** The base lr of group `i`; a group added after the scheduler was made has none. */
  protected baseLr(i: number): number {
    const lr = this.baseLrs[i];
    if (lr === undefined) throw new TypeError(`${this.name}: param group ${i} was added after the scheduler was created; create the scheduler after all groups`);
    return lr;
  }

  /** Each group's lr mapped by `f(currentLr, baseLr, i)`. */
  protected mapGroups(f: (lr: number, baseLr: number, i: number) => number): number[] {
    return this.groups.map((g, i) => f(g.lr, this.baseLr(i), i));
  }

  protected apply(lrs: readonly number[]): void {
    this.groups.forEach((g, i) => {
      g.lr = lrs[i]!;
    });
    this.lastLr = this.groups.map((g) => g.lr);
  }

  /** The progress: epoch, base and last lrs, plus what a subclass adds in `extraState`. */
  stateDict(): SchedulerStateDict {
    return { lastEpoch: this.lastEpoch, stepCount: this.stepCount, baseLrs: [...this.baseLrs], lastLr: [...this.lastLr], ...this.extraState() };
  }

  /**
   * Restores progress saved by `stateDict()` of a scheduler built the same way. Like PyTorch, it
   * does not touch the optimizer's lrs: load the optimizer's state too (it holds them).
   */
  loadStateDict(stateDict: SchedulerStateDict): void {
    const where = `${this.name}.loadStateDict`;
    const sd = checkStateDict(where, stateDict);
    const groups = this.groups.length;
    const lastEpoch = readInteger(where, sd, 'lastEpoch', -1);
    const stepCount = readInteger(where, sd, 'stepCount', 0);
    const baseLrs = readPerGroup(where, sd, 'baseLrs', groups);
    const lastLr = readPerGroup(where, sd, 'lastLr', groups);
    const restoreExtra = this.readExtraState(where, sd);
    this.lastEpoch = lastEpoch;
    this.stepCount = stepCount;
    this.baseLrs = [...baseLrs];
    this.lastLr = [...lastLr];
    restoreExtra();
  }

  /** Subclass progress beyond the epoch (e.g. the position in a restart cycle). */
  protected extraState(): { [key: string]: JsonValue } {
    return {};
  }

  /** Checks the subclass part of `sd` and returns a function that applies it. */
  protected readExtraState(_where: string, _sd: SchedulerStateDict): () => void {
    return () => {};
  }
}
