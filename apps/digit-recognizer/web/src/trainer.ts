/**
 * Training a fresh modern LeNet in the page, one step at a time (the panel awaits each step, so
 * the page stays responsive between them). No DOM here: train-panel.ts draws, this computes.
 */
import { Conv2d, Generator, crossEntropy, manualSeed, noGrad, tensor, tidy } from '@pistil/nn';
import type { Device, Module, Tensor } from '@pistil/nn';
import { Adam } from '@pistil/optim';
import type { Normalization } from '../../src/mnist-like.js';
import type { MnistSlice, MnistSplit } from './mnist-slice.js';
import { createOnCpu } from './model-loader.js';

/** The modern LeNet's input normalisation: MNIST's mean and std (src/data.ts, `normalizationFor('modern')`). */
export const MODERN_NORMALIZATION: Normalization = { mean: 0.1307, std: 0.3081, pad: 0 };

export interface TrainerOptions {
  device: Device;
  batchSize: number;
  lr: number;
  /** Seeds the weights, dropout and the order of the batches. */
  seed: number;
}

export interface StepResult {
  loss: number;
  correct: number;
  size: number;
}

function permutation(n: number, random: () => number): Uint32Array {
  const p = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

/** Images `indices` of `split` as a normalised float batch [B, 1, 28, 28] and int32 labels [B]. */
export function batchArrays(split: MnistSplit, indices: ArrayLike<number>, pixels: number, norm: Normalization = MODERN_NORMALIZATION): { x: Float32Array; y: Int32Array } {
  const x = new Float32Array(indices.length * pixels);
  const y = new Int32Array(indices.length);
  for (let b = 0; b < indices.length; b++) {
    const i = indices[b]!;
    const src = split.images.subarray(i * pixels, (i + 1) * pixels);
    for (let k = 0; k < pixels; k++) x[b * pixels + k] = (src[k]! / 255 - norm.mean) / norm.std;
    y[b] = split.labels[i]!;
  }
  return { x, y };
}

export class Trainer {
  readonly model: Module;
  optimizer: Adam;
  device: Device;
  batchSize: number;
  /** Steps taken, and full passes over the training images. */
  step = 0;
  epoch = 0;
  readonly #data: MnistSlice;
  readonly #random: () => number;
  #order: Uint32Array;
  #cursor = 0;

  constructor(data: MnistSlice, options: TrainerOptions) {
    this.#data = data;
    this.device = options.device;
    this.batchSize = options.batchSize;
    // Made on the CPU from the seed, then moved: the same initial weights on every backend.
    manualSeed(options.seed);
    this.model = createOnCpu({ model: 'modern' }).to(this.device).train();
    this.optimizer = new Adam(this.model.parameters(), { lr: options.lr });
    // The batch order: a host-side stream of nn's seeded generator, the same on every backend.
    const order = new Generator(options.seed);
    this.#random = () => order.random();
    this.#order = permutation(data.train.count, this.#random);
  }

  get pixels(): number {
    return this.#data.rows * this.#data.cols;
  }

  set lr(lr: number) {
    for (const g of this.optimizer.paramGroups) g.lr = lr;
  }

  /** The indices of the next batch (a seeded reshuffle after each pass; the last short batch is dropped). */
  nextIndices(): Uint32Array {
    if (this.#cursor + this.batchSize > this.#order.length) {
      this.#order = permutation(this.#data.train.count, this.#random);
      this.#cursor = 0;
      this.epoch++;
    }
    const indices = this.#order.subarray(this.#cursor, this.#cursor + this.batchSize);
    this.#cursor += this.batchSize;
    return indices;
  }

  /** One Adam step on the next batch: forward, cross-entropy, backward, update. Resolves with the batch's loss. */
  async trainStep(): Promise<StepResult> {
    const { x: xs, y: ys } = batchArrays(this.#data.train, this.nextIndices(), this.pixels);
    const device = this.device;
    const x = tensor(xs, { shape: [ys.length, 1, this.#data.rows, this.#data.cols], device });
    const y = tensor(ys, { dtype: 'int32', device });
    let loss: Tensor;
    let correct: Tensor;
    try {
      [loss, correct] = tidy(() => {
        const logits = this.model.call(x);
        const l = crossEntropy(logits, y);
        l.backward();
        this.optimizer.step();
        this.optimizer.zeroGrad();
        return noGrad(() => [l.detach(), logits.argmax(1).eq(y).sum()]);
      }) as [Tensor, Tensor];
    } finally {
      x.dispose();
      y.dispose();
    }
    this.step++;
    try {
      const [l, c] = await Promise.all([loss.data(), correct.data()]);
      return { loss: l[0]!, correct: c[0]!, size: ys.length };
    } finally {
      loss.dispose();
      correct.dispose();
    }
  }

  /** Accuracy on the test images (eval mode, in batches of `batch`), then back to training mode. */
  async evaluate(batch = 100): Promise<number> {
    const split = this.#data.test;
    this.model.eval();
    let right = 0;
    try {
      for (let start = 0; start < split.count; start += batch) {
        const indices = Uint32Array.from({ length: Math.min(batch, split.count - start) }, (_, k) => start + k);
        const { x: xs, y: ys } = batchArrays(split, indices, this.pixels);
        const hits = noGrad(() => tidy(() => {
          const x = tensor(xs, { shape: [ys.length, 1, this.#data.rows, this.#data.cols], device: this.device });
          const y = tensor(ys, { dtype: 'int32', device: this.device });
          return this.model.call(x).argmax(1).eq(y).sum();
        }));
        try {
          right += (await hits.data())[0]!;
        } finally {
          hits.dispose();
        }
      }
    } finally {
      this.model.train();
    }
    return right / split.count;
  }

  /** The first convolution's weights [out, in, kh, kw] (the filters the panel draws). */
  async firstLayer(): Promise<{ values: Float32Array; shape: readonly number[] }> {
    const conv = this.model.modules().find((m): m is Conv2d => m instanceof Conv2d);
    if (!conv) throw new Error('the model has no convolution');
    return { values: Float32Array.from(await conv.weight.data()), shape: conv.weight.shape };
  }

  /** Moves the model and Adam's moments to `device`, keeping the training where it is. */
  moveTo(device: Device): void {
    if (device === this.device) return;
    const state = this.optimizer.stateDict();
    const lr = this.optimizer.paramGroups[0]!.lr as number;
    this.model.to(device);
    const next = new Adam(this.model.parameters(), { lr });
    next.loadStateDict(state); // copies the moments onto the parameters' new device
    this.optimizer.dispose();
    this.optimizer = next;
    this.device = device;
  }

  /** A copy of the current weights as a new model in eval mode on `device` (training can go on). */
  snapshot(device: Device): Module {
    const copy = createOnCpu({ model: 'modern' }).to(device);
    copy.loadStateDict(this.model.stateDict());
    return copy.eval();
  }

  dispose(): void {
    this.optimizer.dispose();
    this.model.dispose();
  }
}
