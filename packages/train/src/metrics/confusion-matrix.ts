import type { Tensor } from '@pistil/nn';
import { classPairs } from './class-pairs.js';
import type { ClassMetricOptions } from './class-pairs.js';

export interface ConfusionMatrixOptions extends ClassMetricOptions {
  /** Names shown by `toString()` (default: the class indices). */
  labels?: readonly string[];
}

/**
 * Counts of (true class, predicted class) pairs accumulated over batches: `matrix[t][p]` is the
 * number of samples of class t predicted as p (rows are true classes, as scikit-learn and
 * torchmetrics). Per-class ratios are NaN for a class with no samples (or no predictions, for
 * precision) rather than 0, so "never seen" stays distinguishable from "always wrong".
 */
export class ConfusionMatrix {
  private readonly counts: Float64Array;
  readonly labels: readonly string[];

  constructor(readonly numClasses: number, private readonly options: ConfusionMatrixOptions = {}) {
    if (!Number.isInteger(numClasses) || numClasses < 1) throw new RangeError(`ConfusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
    if (options.labels && options.labels.length !== numClasses)
      throw new RangeError(`ConfusionMatrix: ${options.labels.length} labels given for ${numClasses} classes`);
    this.labels = options.labels ? [...options.labels] : Array.from({ length: numClasses }, (_, i) => String(i));
    this.counts = new Float64Array(numClasses * numClasses);
  }

  /** Adds a batch: `outputs` are scores [N, C, …] (argmax taken) or int32 predictions [N, …]. */
  update(outputs: Tensor, targets: Tensor): void {
    const op = 'ConfusionMatrix.update';
    const { predicted, target, numClasses } = classPairs(op, outputs, targets, this.options);
    const c = this.numClasses;
    if (numClasses !== null && numClasses !== c) throw new RangeError(`${op}: scores have ${numClasses} classes, the matrix ${c}`);
    // Validate the whole batch before counting any of it, so a bad batch leaves the matrix unchanged.
    for (let i = 0; i < target.length; i++) {
      if (target[i] === this.options.ignoreIndex) continue;
      if (target[i]! < 0 || target[i]! >= c) throw new RangeError(`${op}: target ${target[i]} at flat index ${i} is out of range for ${c} classes`);
      if (predicted[i]! < 0 || predicted[i]! >= c) throw new RangeError(`${op}: prediction ${predicted[i]} at flat index ${i} is out of range for ${c} classes`);
    }
    for (let i = 0; i < target.length; i++) if (target[i] !== this.options.ignoreIndex) this.counts[target[i]! * c + predicted[i]!]!++;
  }

  /** A copy of the counts, `matrix[true][predicted]`. */
  get matrix(): number[][] {
    const c = this.numClasses;
    return Array.from({ length: c }, (_, t) => Array.from(this.counts.subarray(t * c, (t + 1) * c)));
  }

  /** Samples counted so far. */
  get total(): number {
    return this.counts.reduce((a, b) => a + b, 0);
  }

  private at(t: number, p: number): number {
    return this.counts[t * this.numClasses + p]!;
  }

  private rowSum(t: number): number {
    let s = 0;
    for (let p = 0; p < this.numClasses; p++) s += this.at(t, p);
    return s;
  }

  private colSum(p: number): number {
    let s = 0;
    for (let t = 0; t < this.numClasses; t++) s += this.at(t, p);
    return s;
  }

  /** Overall accuracy: the diagonal over the total (NaN when empty). */
  accuracy(): number {
    let diagonal = 0;
    for (let c = 0; c < this.numClasses; c++) diagonal += this.at(c, c);
    return diagonal / this.total;
  }

  /** Per class: of the samples of class c, the fraction predicted c (= recall). */
  recall(): number[] {
    return Array.from({ length: this.numClasses }, (_, c) => this.at(c, c) / this.rowSum(c));
  }

  /** Per-class accuracy, as torchmetrics' multiclass accuracy with `average=None`: the same as `recall()`. */
  perClassAccuracy(): number[] {
    return this.recall();
  }

  /** Per class: of the samples predicted c, the fraction that are c. */
  precision(): number[] {
    return Array.from({ length: this.numClasses }, (_, c) => this.at(c, c) / this.colSum(c));
  }

  /** Per class: the harmonic mean of precision and recall (NaN where either is). */
  f1(): number[] {
    const p = this.precision();
    return this.recall().map((r, c) => (p[c]! + r === 0 ? 0 : (2 * p[c]! * r) / (p[c]! + r)));
  }

  reset(): void {
    this.counts.fill(0);
  }

  /** The matrix as a text table with recall per row, precision per column and the accuracy. */
  toString(): string {
    const c = this.numClasses;
    const pct = (v: number): string => (Number.isNaN(v) ? '—' : `${(100 * v).toFixed(1)}%`);
    const recall = this.recall().map(pct);
    const precision = this.precision().map(pct);
    const corner = 'true\\pred';
    const first = Math.max(corner.length, 'precision'.length, ...this.labels.map((l) => l.length));
    const width = Math.max(...this.labels.map((l) => l.length), ...Array.from(this.counts, (v) => String(v).length), ...precision.map((s) => s.length));
    const cell = (s: string, w = width): string => s.padStart(w);
    const lines = [[corner.padEnd(first), ...this.labels.map((l) => cell(l)), cell('recall', 7)].join('  ')];
    for (let t = 0; t < c; t++)
      lines.push([this.labels[t]!.padEnd(first), ...Array.from({ length: c }, (_, p) => cell(String(this.at(t, p)))), cell(recall[t]!, 7)].join('  '));
    lines.push(['precision'.padEnd(first), ...precision.map((s) => cell(s)), cell('', 7)].join('  ').trimEnd());
    lines.push(`accuracy ${pct(this.accuracy())} of ${this.total}`);
    return lines.join('\n');
  }
}
