import { defaultGenerator } from '@pistil/nn';
import type { Generator } from '@pistil/nn';

/**
 * What a DataLoader hands to `get`: a generator private to this sample (derived from the
 * loader's seed, epoch and the sample's position), so random transforms give the same result
 * whatever order asynchronous samples finish in.
 */
export interface SampleContext {
  readonly generator: Generator;
}

/**
 * A map-style dataset, as PyTorch's: `length` samples, fetched by index. `get` may return a
 * Promise (decoding a file); datasets with random transforms draw from `context.generator`.
 */
export interface Dataset<T> {
  readonly length: number;
  get(index: number, context?: SampleContext): T | Promise<T>;
}

/** Throws a RangeError naming the dataset unless `index` is an integer in [0, length). */
export function checkIndex(name: string, index: number, length: number): void {
  if (!Number.isInteger(index) || index < 0 || index >= length)
    throw new RangeError(`${name}: index ${index} is out of range for a dataset of ${length} samples`);
}

/** The generator a sample's random transforms draw from: the loader's, else nn's default. */
export function generatorOf(context?: SampleContext): Generator {
  return context?.generator ?? defaultGenerator;
}

/** Base of the built-in datasets: adds `map`. Any object with `length` and `get` is a Dataset. */
export abstract class DatasetBase<T> implements Dataset<T> {
  abstract readonly length: number;
  abstract get(index: number, context?: SampleContext): T | Promise<T>;

  /** A dataset whose samples are `fn(sample, generator)`, computed when fetched. */
  map<U>(fn: (sample: T, generator: Generator) => U | Promise<U>): MapDataset<T, U> {
    return new MapDataset(this, fn);
  }
}

/** `dataset` with `fn` applied to each sample when it is fetched (lazy, nothing is cached). */
export class MapDataset<T, U> extends DatasetBase<U> {
  constructor(
    readonly dataset: Dataset<T>,
    private readonly fn: (sample: T, generator: Generator) => U | Promise<U>,
  ) {
    super();
  }

  get length(): number {
    return this.dataset.length;
  }

  get(index: number, context?: SampleContext): U | Promise<U> {
    const sample = this.dataset.get(index, context);
    const generator = generatorOf(context);
    return sample instanceof Promise ? sample.then((s) => this.fn(s, generator)) : this.fn(sample, generator);
  }
}
