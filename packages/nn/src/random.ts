import { hash32 } from '@pistil/backend';

/**
 * A seeded source of random streams. Each random op draws one 32-bit key from its generator and
 * hands it to the backend's counter-based `random` kernel, so a seed fixes every draw on every
 * backend. As PyTorch, the default generator starts from a fixed seed: runs are reproducible.
 */
export class Generator {
  private seed = 0;
  private counter = 0;

  constructor(seed = 0x5eed) {
    this.manualSeed(seed);
  }

  manualSeed(seed: number): this {
    if (!Number.isFinite(seed)) throw new TypeError(`manualSeed: seed must be a finite number, got ${seed}`);
    this.seed = hash32(Math.floor(seed) >>> 0) ^ hash32(Math.floor(seed / 2 ** 32) >>> 0);
    this.counter = 0;
    return this;
  }

  /** The key of the next random stream. */
  nextKey(): number {
    return hash32((this.seed + Math.imul(this.counter++, 0x9e3779b9)) >>> 0);
  }

  /** A uniform number in [0, 1) on the host (shuffles, augmentation parameters). */
  random(): number {
    return this.nextKey() / 2 ** 32;
  }

  /** State for checkpoints: restoring it replays the same stream. */
  getState(): { seed: number; counter: number } {
    return { seed: this.seed, counter: this.counter };
  }

  setState(state: { seed: number; counter: number }): void {
    this.seed = state.seed >>> 0;
    this.counter = state.counter;
  }
}

/** The generator random ops use unless given one. */
export const defaultGenerator = new Generator();

/** Seeds the default generator, as `torch.manual_seed`. */
export function manualSeed(seed: number): void {
  defaultGenerator.manualSeed(seed);
}
