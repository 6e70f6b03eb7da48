import { DTypeError, ShapeError, argmax, noGrad } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

/** Options shared by the classification metrics. */
export interface ClassMetricOptions {
  /** Targets equal to this are skipped, as `crossEntropy`'s `ignoreIndex` (e.g. -100). */
  ignoreIndex?: number;
}

/** Predicted and true classes on the host, flattened, with the class count when it is known. */
export interface ClassPairs {
  predicted: Int32Array;
  target: Int32Array;
  /** C of the scores [N, C, …]; null when given predicted classes directly. */
  numClasses: number | null;
}

const fmt = (shape: readonly number[]): string => `[${shape.join(', ')}]`;

/** Reads integer class targets, checking their dtype. */
export function readTargets(op: string, targets: Tensor): Int32Array {
  if (targets.dtype !== 'int32' && targets.dtype !== 'uint8')
    throw new DTypeError(`${op}: targets must be int32 class indices, got ${targets.describe()}`);
  return Int32Array.from(targets.dataSync());
}

/**
 * Whether `outputs` are class scores for `targets`: [N, C, …] (or [C]) against [N, …] (or []).
 * Throws a ShapeError naming both shapes when the scores' batch or extra dims disagree.
 */
export function isScoresFor(op: string, outputs: Tensor, targets: Tensor): boolean {
  if (outputs.rank !== targets.rank + 1) return false;
  const classAxis = outputs.rank >= 2 ? 1 : 0;
  const rest = outputs.shape.filter((_, i) => i !== classAxis);
  if (rest.some((d, i) => d !== targets.shape[i]))
    throw new ShapeError(`${op}: scores ${fmt(outputs.shape)} do not match targets ${fmt(targets.shape)} (expected targets ${fmt(rest)})`);
  return true;
}

/** Checks that every kept target is a class in [0, numClasses). */
export function checkTargetRange(op: string, target: Int32Array, numClasses: number, ignoreIndex: number | undefined): void {
  for (let i = 0; i < target.length; i++) {
    const t = target[i]!;
    if (t !== ignoreIndex && (t < 0 || t >= numClasses))
      throw new RangeError(`${op}: target ${t} at flat index ${i} is out of range for ${numClasses} classes`);
  }
}

/**
 * Predicted classes for `outputs`, which are either scores [N, C, …] (argmax over C, the first
 * maximum winning ties as `argmax` does) or integer predictions of the targets' shape.
 */
export function classPairs(op: string, outputs: Tensor, targets: Tensor, options: ClassMetricOptions = {}): ClassPairs {
  const target = readTargets(op, targets);
  if (isScoresFor(op, outputs, targets)) {
    const numClasses = outputs.shape[outputs.rank >= 2 ? 1 : 0]!;
    checkTargetRange(op, target, numClasses, options.ignoreIndex);
    const argmaxed = noGrad(() => argmax(outputs, outputs.rank >= 2 ? 1 : 0));
    try {
      return { predicted: Int32Array.from(argmaxed.dataSync()), target, numClasses };
    } finally {
      argmaxed.dispose();
    }
  }
  if (outputs.rank !== targets.rank || outputs.shape.some((d, i) => d !== targets.shape[i]))
    throw new ShapeError(`${op}: outputs ${fmt(outputs.shape)} are neither scores [N, C, …] nor predictions of the targets' shape ${fmt(targets.shape)}`);
  if (outputs.dtype !== 'int32' && outputs.dtype !== 'uint8')
    throw new DTypeError(`${op}: predictions of the targets' shape must be int32 class indices, got ${outputs.describe()}; pass scores as [N, C]`);
  return { predicted: Int32Array.from(outputs.dataSync()), target, numClasses: null };
}
