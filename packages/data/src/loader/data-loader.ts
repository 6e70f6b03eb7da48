import { Generator, Tensor, defaultGenerator, dispose, getDefaultDevice } from '@pistil/nn';
import type { Device, TensorContainer } from '@pistil/nn';
import type { Dataset } from '../dataset/dataset.js';
import { SampleError } from '../errors.js';
import { mix32, randperm } from '../random.js';
import { defaultCollate } from './collate.js';
import type { Collate, Collated } from './collate.js';

export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1, as PyTorch). */
  batchSize?: number;
  /** A new random order every epoch (default false). */
  shuffle?: boolean;
  /** Drop the last batch when it is smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /** Samples → batch (default `defaultCollate`). */
  collate?: Collate<T, B>;
  /** Batches loaded ahead while the consumer works on the current one (default 2; 0 = none). */
  prefetch?: number;
  /** Fixes shuffling and augmentation; also given as `seed`. Default: seeded from nn's default generator. */
  generator?: Generator;
  seed?: number;
  /** Device of the batches' tensors (default: nn's default device when a batch is made). */
  device?: Device;
  /** Milliseconds a sample may take before the epoch fails with a SampleError (default 0: no limit). */
  timeout?: number;
}

/** What `stateDict` captures: enough to replay the same order and augmentation. */
export interface DataLoaderState {
  /** The epoch in progress, or the next one to start. */
  epoch: number;
  /** Batches of that epoch already handed out (0 between epochs). */
  batch: number;
  /** The loader's generator as it was when that epoch started. */
  generator: { seed: number; counter: number };
}

interface Run {
  epoch: number;
  startState: { seed: number; counter: number };
  yielded: number;
}

/**
 * Batches of a dataset, as an async iterable: `for await (const [x, y] of loader)`. Each
 * iteration is one epoch; the loop body owns each batch (dispose it or work inside `tidy`).
 * Samples of the next `prefetch` batches are requested while the body runs, so asynchronous
 * decoding overlaps the consumer's compute. Every sample gets its own generator derived from
 * the loader's generator, the epoch and its position, so the same seed gives the same batches,
 * augmentation included, whatever order samples finish loading in.
 */
export class DataLoader<T, B = Collated<T>> implements AsyncIterable<B> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly prefetch: number;
  readonly device: Device | undefined;
  readonly timeout: number;
  readonly generator: Generator;
  private readonly collate: Collate<T, B>;
  private nextEpoch = 0;
  private resumeBatch = 0;
  private active: Run | null = null;

  constructor(
    readonly dataset: Dataset<T>,
    options: DataLoaderOptions<T, B> = {},
  ) {
    const { batchSize = 1, shuffle = false, dropLast = false, prefetch = 2, generator, seed, device, timeout = 0 } = options;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    if (!Number.isInteger(prefetch) || prefetch < 0) throw new RangeError(`DataLoader: prefetch must be a non-negative integer, got ${prefetch}`);
    if (!(timeout >= 0) || !Number.isFinite(timeout)) throw new RangeError(`DataLoader: timeout must be a non-negative number of milliseconds, got ${timeout}`);
    if (generator && seed !== undefined) throw new TypeError('DataLoader: give either generator or seed, not both');
    if (!dataset || typeof dataset.get !== 'function' || !Number.isInteger(dataset.length))
      throw new TypeError('DataLoader: dataset must have an integer length and a get(index) method');
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.prefetch = prefetch;
    this.device = device;
    this.timeout = timeout;
    this.generator = generator ?? new Generator(seed ?? defaultGenerator.nextKey());
    this.collate = options.collate ?? (defaultCollate as unknown as Collate<T, B>);
  }

  /** Batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** The epoch in progress, or the next one to start (counting from 0). */
  get epoch(): number {
    return this.active?.epoch ?? this.nextEpoch;
  }

  [Symbol.asyncIterator](): AsyncIterator<B> {
    return this.epochBatches();
  }

  /** Epoch, position in it and generator state; JSON-serialisable. */
  stateDict(): DataLoaderState {
    if (this.active) return { epoch: this.active.epoch, batch: this.active.yielded, generator: { ...this.active.startState } };
    return { epoch: this.nextEpoch, batch: this.resumeBatch, generator: stateOf(this.generator) };
  }

  /** Restores `stateDict()`'s state: the next epoch replays the saved one from its saved batch. */
  loadStateDict(state: DataLoaderState): void {
    const bad = (what: string): never => {
      throw new TypeError(`DataLoader.loadStateDict: ${what}, got ${JSON.stringify(state)}`);
    };
    if (state === null || typeof state !== 'object') bad('expected { epoch, batch, generator }');
    if (!Number.isInteger(state.epoch) || state.epoch < 0) bad('epoch must be a non-negative integer');
    if (!Number.isInteger(state.batch) || state.batch < 0 || state.batch > this.length) bad(`batch must be an integer in [0, ${this.length}]`);
    const g = state.generator as { seed?: unknown; counter?: unknown } | undefined;
    if (!g || !Number.isInteger(g.seed) || !Number.isInteger(g.counter)) bad('generator must be { seed, counter } integers');
    this.nextEpoch = state.epoch;
    this.resumeBatch = state.batch;
    this.generator.setState({ seed: state.generator.seed, counter: state.generator.counter });
    if (state.batch > 0 && state.batch === this.length) {
      // Saved after the last batch was handed out: that epoch is done, so resume with the next
      // one, replaying the draws the finished epoch made.
      if (this.shuffle) randperm(this.dataset.length, this.generator);
      this.generator.nextKey();
      this.nextEpoch++;
      this.resumeBatch = 0;
    }
  }

  private async *epochBatches(): AsyncGenerator<B, void, undefined> {
    const n = this.dataset.length;
    const batches = this.length;
    const run: Run = { epoch: this.nextEpoch++, startState: stateOf(this.generator), yielded: this.resumeBatch };
    this.resumeBatch = 0;
    const order = this.shuffle ? randperm(n, this.generator) : null;
    const epochKey = this.generator.nextKey();
    this.active = run;
    const queue: Promise<B>[] = [];
    let next = run.yielded;
    const launch = (ahead: number): void => {
      while (next < batches && queue.length < ahead) {
        const pending = this.loadBatch(next++, order, epochKey, n);
        pending.catch(() => {}); // handled when awaited; this keeps an early failure from being "unhandled"
        queue.push(pending);
      }
    };
    try {
      while (run.yielded < batches) {
        launch(Math.max(1, this.prefetch));
        const batch = await queue.shift()!;
        run.yielded++;
        launch(this.prefetch);
        yield batch;
      }
    } finally {
      if (this.active === run) this.active = null;
      // The consumer stopped early or a batch failed: free batches that were loaded ahead.
      for (const pending of queue) pending.then((b) => dispose(b as TensorContainer), () => {});
    }
  }

  private async loadBatch(b: number, order: Int32Array | null, epochKey: number, n: number): Promise<B> {
    await null; // run dataset code in a microtask, never inside a caller's synchronous `tidy`
    const start = b * this.batchSize;
    const end = Math.min(start + this.batchSize, n);
    const fetches: Promise<T>[] = [];
    for (let pos = start; pos < end; pos++) {
      const index = order ? order[pos]! : pos;
      const generator = new Generator();
      generator.setState({ seed: mix32(epochKey, pos), counter: 0 });
      fetches.push(
        (async () => {
          try {
            const sample = this.dataset.get(index, { generator });
            return await (this.timeout > 0 ? withTimeout(sample, this.timeout) : sample);
          } catch (err) {
            throw new SampleError(index, b, err);
          }
        })(),
      );
    }
    // Wait for every sample, so the error reported is the first by position (deterministic)
    // and samples that did load can be freed.
    const settled = await Promise.allSettled(fetches);
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    const samples = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    if (failed) {
      disposeUnkept(samples);
      throw failed.reason;
    }
    return this.collate(samples, { device: this.device ?? getDefaultDevice() });
  }
}

/** Frees the tensors in loaded samples of a failed batch, except those a dataset keeps. */
function disposeUnkept(value: unknown): void {
  if (value instanceof Tensor) {
    if (!value.kept) value.dispose();
  } else if (Array.isArray(value)) {
    for (const v of value) disposeUnkept(v);
  } else if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    for (const v of Object.values(value)) disposeUnkept(v);
  }
}

/** A generator's state with the seed as an unsigned 32-bit integer, so saved states compare equal. */
function stateOf(generator: Generator): { seed: number; counter: number } {
  const { seed, counter } = generator.getState();
  return { seed: seed >>> 0, counter };
}

/** `value`, or a rejection once `ms` milliseconds pass first (the timer never keeps the process alive). */
function withTimeout<T>(value: T | Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([Promise.resolve(value), limit]).finally(() => clearTimeout(timer));
}
