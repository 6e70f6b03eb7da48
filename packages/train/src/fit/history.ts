/** One epoch's numbers, as `fit` returns them in `History.epochs` and hands to callbacks. */
export interface EpochLog {
  /** 1-based: the first epoch is 1. */
  epoch: number;
  /** Mean loss over the epoch's training batches (weighted by batch size). */
  trainLoss: number;
  /** Running accuracy over the epoch's training batches, for class-index targets. */
  trainAccuracy?: number;
  valLoss?: number;
  valAccuracy?: number;
  /** The first parameter group's learning rate at the start of the epoch. */
  lr: number;
  /** Wall time of the epoch, validation included. */
  seconds: number;
  /** Training samples per second (validation excluded). */
  imagesPerSecond: number;
  /** User metrics, as `train<Name>` and `val<Name>` (e.g. `valTop5` for a metric named `top5`). */
  [metric: string]: number | undefined;
}

export type Mode = 'min' | 'max';

/** The best epoch by the monitored quantity. */
export interface Best {
  epoch: number;
  monitor: string;
  mode: Mode;
  value: number;
}

export interface History {
  epochs: EpochLog[];
  best: Best | null;
}

/** Accuracy-like names are maximised, anything else (losses) minimised, as Keras' `mode='auto'`. */
export function inferMode(monitor: string): Mode {
  return /acc|precision|recall|f1|auc|top|iou|dice/i.test(monitor) ? 'max' : 'min';
}

/** Whether `current` beats `best` by more than `minDelta` (NaN never does). */
export function improved(current: number, best: number, mode: Mode, minDelta = 0): boolean {
  return mode === 'min' ? current < best - minDelta : current > best + minDelta;
}

/** The monitored value in an epoch's log; throws, listing what the log holds, when it is absent. */
export function monitorValue(log: EpochLog, monitor: string, who: string): number {
  const v = log[monitor];
  if (typeof v !== 'number') {
    const available = Object.keys(log).filter((k) => typeof log[k] === 'number' && k !== 'epoch');
    throw new RangeError(`${who}: monitor '${monitor}' is not in the epoch's log; available: ${available.join(', ')}`);
  }
  return v;
}

/** `val` + name with its first letter capitalised: `top5` → `valTop5`. */
export function prefixed(prefix: 'train' | 'val', name: string): string {
  return prefix + name.charAt(0).toUpperCase() + name.slice(1);
}
