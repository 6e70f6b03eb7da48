import { DatasetBase, checkIndex } from './dataset.js';
import type { Dataset, SampleContext } from './dataset.js';

/** The samples of several datasets one after another. */
export class ConcatDataset<T> extends DatasetBase<T> {
  readonly datasets: readonly Dataset<T>[];
  /** Running totals of the datasets' lengths: `cumulativeSizes[k]` ends dataset k. */
  readonly cumulativeSizes: readonly number[];

  constructor(datasets: readonly Dataset<T>[]) {
    super();
    if (datasets.length === 0) throw new TypeError('ConcatDataset: needs at least one dataset');
    this.datasets = [...datasets];
    let total = 0;
    this.cumulativeSizes = datasets.map((d) => (total += d.length));
  }

  get length(): number {
    return this.cumulativeSizes[this.cumulativeSizes.length - 1]!;
  }

  get(index: number, context?: SampleContext): T | Promise<T> {
    checkIndex('ConcatDataset', index, this.length);
    // First dataset whose running total passes `index` (binary search).
    let lo = 0;
    let hi = this.cumulativeSizes.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulativeSizes[mid]! > index) hi = mid;
      else lo = mid + 1;
    }
    const before = lo === 0 ? 0 : this.cumulativeSizes[lo - 1]!;
    return this.datasets[lo]!.get(index - before, context);
  }
}
