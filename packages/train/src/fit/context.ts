import { defaultGenerator } from '@pistil/nn';
import type { Callback, TrainerContext } from '../callbacks/callback.js';
import type { CheckpointState } from '../checkpoint/checkpoint.js';
import type { BatchSource, OptimizerLike, SchedulerLike, TrainableModel } from '../types.js';
import type { History } from './history.js';

/** The trainer state callbacks see, and what a checkpoint is made of. */
export class FitContext implements TrainerContext {
  stopTraining = false;
  /** The last completed epoch. */
  epoch = 0;
  /** Stateful callbacks by their checkpoint key. */
  readonly stateful = new Map<string, Callback>();

  constructor(
    readonly model: TrainableModel,
    readonly optimizer: OptimizerLike,
    readonly scheduler: SchedulerLike | null,
    readonly trainData: BatchSource,
    readonly epochs: number,
    public history: History,
    readonly log: (line: string) => void,
    callbacks: readonly Callback[],
  ) {
    const counts = new Map<string, number>();
    for (const cb of callbacks) {
      if (!cb.stateDict || !cb.loadStateDict) continue;
      const base = cb.stateKey ?? cb.constructor.name;
      const n = (counts.get(base) ?? 0) + 1;
      counts.set(base, n);
      this.stateful.set(n === 1 ? base : `${base}#${n}`, cb);
    }
  }

  checkpointState(): CheckpointState {
    const callbacks: Record<string, unknown> = {};
    for (const [key, cb] of this.stateful) callbacks[key] = cb.stateDict!();
    return {
      epoch: this.epoch,
      model: this.model.stateDict(),
      optimizer: this.optimizer.stateDict(),
      scheduler: this.scheduler?.stateDict() ?? null,
      data: this.trainData.stateDict?.() ?? null,
      rng: defaultGenerator.getState(),
      history: this.history,
      callbacks,
      stopped: this.stopTraining,
    };
  }
}
