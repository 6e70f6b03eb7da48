import { Generator, tensor } from '@pistil/nn';
import type { Batch } from '../../src/index.js';

/**
 * A stand-in for `@pistil/data`'s DataLoader (this package must not depend on it): host samples,
 * seeded shuffling, fresh tensors per batch, `length` and `stateDict`/`loadStateDict`.
 */
export class ShuffledBatches {
  readonly generator: Generator;
  epoch = 0;

  constructor(
    private readonly x: number[][],
    private readonly y: number[],
    private readonly batchSize: number,
    private readonly shuffle = true,
    seed = 1,
  ) {
    this.generator = new Generator(seed);
  }

  get length(): number {
    return Math.ceil(this.y.length / this.batchSize);
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<Batch> {
    const order = [...this.y.keys()];
    if (this.shuffle)
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(this.generator.random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    this.epoch++;
    for (let start = 0; start < order.length; start += this.batchSize) {
      const idx = order.slice(start, start + this.batchSize);
      await Promise.resolve(); // as a real loader, batches arrive asynchronously
      yield [tensor(idx.map((i) => this.x[i]!)), tensor(idx.map((i) => this.y[i]!), { dtype: 'int32' })];
    }
  }

  stateDict(): { epoch: number; generator: { seed: number; counter: number } } {
    return { epoch: this.epoch, generator: this.generator.getState() };
  }

  loadStateDict(state: object): void {
    const s = state as ReturnType<ShuffledBatches['stateDict']>;
    this.epoch = s.epoch;
    this.generator.setState(s.generator);
  }
}

/**
 * Three well-separated 2-D blobs (centres (±2, 0) and (0, 2.5)), jittered with a seeded
 * generator: a problem a small MLP separates to ~100% in a few epochs.
 */
export function blobs(n: number, seed = 7): { x: number[][]; y: number[] } {
  const g = new Generator(seed);
  const centres = [[-2, 0], [2, 0], [0, 2.5]];
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    x.push([centres[c]![0]! + (g.random() - 0.5) * 1.6, centres[c]![1]! + (g.random() - 0.5) * 1.6]);
    y.push(c);
  }
  return { x, y };
}
