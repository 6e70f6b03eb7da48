import { defaultGenerator } from '@pistil/nn';
import type { Generator } from '@pistil/nn';
import { randperm } from '../random.js';
import { DatasetBase, checkIndex } from './dataset.js';
import type { Dataset, SampleContext } from './dataset.js';

/** The samples of `dataset` at `indices`, in that order. */
export class Subset<T> extends DatasetBase<T> {
  readonly indices: readonly number[];

  constructor(
    readonly dataset: Dataset<T>,
    indices: ArrayLike<number>,
  ) {
    super();
    const list = Array.from(indices);
    for (const i of list) checkIndex('Subset', i, dataset.length);
    this.indices = list;
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number, context?: SampleContext): T | Promise<T> {
    checkIndex('Subset', index, this.indices.length);
    return this.dataset.get(this.indices[index]!, context);
  }
}

/**
 * Splits `dataset` at random into non-overlapping subsets of the given `lengths` (which sum to
 * the dataset's length), or of the given fractions (summing to 1; the samples left over by
 * rounding down go one each to the first subsets, as PyTorch). `generator` fixes the split.
 */
export function randomSplit<T>(dataset: Dataset<T>, lengths: readonly number[], generator: Generator = defaultGenerator): Subset<T>[] {
  const n = dataset.length;
  if (lengths.length === 0 || lengths.some((l) => !Number.isFinite(l) || l < 0))
    throw new RangeError(`randomSplit: lengths must be non-negative numbers, got [${lengths.join(', ')}]`);
  let sizes = [...lengths];
  const total = sizes.reduce((a, b) => a + b, 0);
  const fractions = Math.abs(total - 1) < 1e-9 && !(sizes.every(Number.isInteger) && total === n);
  if (fractions) {
    sizes = lengths.map((f) => Math.floor(n * f));
    const remainder = n - sizes.reduce((a, b) => a + b, 0);
    for (let i = 0; i < remainder; i++) sizes[i % sizes.length]!++;
  } else if (sizes.some((l) => !Number.isInteger(l)) || total !== n) {
    throw new RangeError(`randomSplit: lengths [${lengths.join(', ')}] must be integers summing to the dataset's length ${n}, or fractions summing to 1`);
  }
  const order = randperm(n, generator);
  const out: Subset<T>[] = [];
  let start = 0;
  for (const size of sizes) {
    out.push(new Subset(dataset, order.subarray(start, start + size)));
    start += size;
  }
  return out;
}
