import { ShapeError } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { checkTargetRange, classPairs, isScoresFor, readTargets } from './class-pairs.js';
import type { ClassMetricOptions } from './class-pairs.js';

/** Correct and counted samples (targets equal to `ignoreIndex` are not counted). */
export interface Counts {
  correct: number;
  total: number;
}

/** Counts for top-1 accuracy; `outputs` are scores [N, C, …] or predicted classes [N, …]. */
export function countCorrect(op: string, outputs: Tensor, targets: Tensor, options: ClassMetricOptions = {}): Counts {
  const { predicted, target } = classPairs(op, outputs, targets, options);
  let correct = 0;
  let total = 0;
  for (let i = 0; i < target.length; i++) {
    if (target[i] === options.ignoreIndex) continue;
    total++;
    if (predicted[i] === target[i]) correct++;
  }
  return { correct, total };
}

/** `a` ranks above `b`: larger, with NaN above everything (as `argmax` treats NaN). */
const above = (a: number, b: number): boolean => (Number.isNaN(a) ? !Number.isNaN(b) : a > b);
const tied = (a: number, b: number): boolean => a === b || (Number.isNaN(a) && Number.isNaN(b));

/**
 * Counts for top-k accuracy: a sample is correct when its target is among the k highest scores.
 * Ties are ranked by class index (the lower index first), so k = 1 agrees with `argmax`.
 */
export function countTopK(op: string, scores: Tensor, targets: Tensor, k: number, options: ClassMetricOptions = {}): Counts {
  if (!isScoresFor(op, scores, targets))
    throw new ShapeError(`${op}: needs scores [N, C, …] for targets [N, …], got scores [${scores.shape.join(', ')}] and targets [${targets.shape.join(', ')}]`);
  const classAxis = scores.rank >= 2 ? 1 : 0;
  const c = scores.shape[classAxis]!;
  if (!Number.isInteger(k) || k < 1 || k > c) throw new RangeError(`${op}: k must be an integer in [1, ${c}] for ${c} classes, got ${k}`);
  const target = readTargets(op, targets);
  checkTargetRange(op, target, c, options.ignoreIndex);
  const values = scores.dataSync();
  // Scores as [outer, C, inner]: outer is N (1 for unbatched), inner the product of extra dims.
  const inner = scores.shape.slice(classAxis + 1).reduce((a, b) => a * b, 1);
  let correct = 0;
  let total = 0;
  for (let i = 0; i < target.length; i++) {
    const t = target[i]!;
    if (t === options.ignoreIndex) continue;
    total++;
    const base = Math.floor(i / inner) * c * inner + (i % inner);
    const own = values[base + t * inner]!;
    let rank = 0;
    for (let j = 0; j < c && rank < k; j++) {
      const s = values[base + j * inner]!;
      if (above(s, own) || (j < t && tied(s, own))) rank++;
    }
    if (rank < k) correct++;
  }
  return { correct, total };
}

/**
 * Fraction of samples whose predicted class equals the target, in [0, 1] (NaN when no sample
 * counts). `outputs` are scores (logits or probabilities) [N, C, …] — the prediction is their
 * argmax over C — or int32 predicted classes of the targets' shape.
 */
export function accuracy(outputs: Tensor, targets: Tensor, options: ClassMetricOptions = {}): number {
  const { correct, total } = countCorrect('accuracy', outputs, targets, options);
  return correct / total;
}

/** Fraction of samples whose target is among the k highest scores of [N, C, …] (NaN when none counts). */
export function topKAccuracy(scores: Tensor, targets: Tensor, k: number, options: ClassMetricOptions = {}): number {
  const { correct, total } = countTopK('topKAccuracy', scores, targets, k, options);
  return correct / total;
}
