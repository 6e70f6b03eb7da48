/**
 * What reads the drawing: a `Predictor` takes the network's input (normalised, `side`×`side`)
 * and gives the ten probabilities, saying which runtime and backend computed them and how long
 * the forward pass took.
 */
import { noGrad, tensor, tidy } from '@pistil/nn';
import type { Device, Module, Tensor } from '@pistil/nn';
import type { Normalization } from '../../src/mnist-like.js';

export interface Prediction {
  probabilities: Float32Array;
  /** Forward pass including the upload and the read-back of the result, ms. */
  ms: number;
  runtime: string;
  backend: string;
}

export interface Predictor {
  /** Shown to the user, e.g. "Pistil (model.safetensors)". */
  readonly runtime: string;
  readonly backend: string;
  readonly normalization: Normalization;
  predict(input: Float32Array, side: number): Promise<Prediction>;
}

export function softmax(logits: ArrayLike<number>): Float32Array {
  let max = -Infinity;
  for (let i = 0; i < logits.length; i++) max = Math.max(max, logits[i]!);
  const out = new Float32Array(logits.length);
  let total = 0;
  for (let i = 0; i < logits.length; i++) total += out[i] = Math.exp(logits[i]! - max);
  for (let i = 0; i < out.length; i++) out[i]! /= total;
  return out;
}

/** A Pistil module (in eval mode) on one of Pistil's devices. The module stays the caller's. */
export class PistilPredictor implements Predictor {
  constructor(
    readonly runtime: string,
    readonly model: Module,
    readonly normalization: Normalization,
    public device: Device,
  ) {}

  get backend(): string {
    return this.device;
  }

  /** Moves the model to `device` (its parameters become new tensors there). */
  moveTo(device: Device): void {
    this.model.to(device);
    this.device = device;
  }

  async predict(input: Float32Array, side: number): Promise<Prediction> {
    const device = this.device;
    const start = performance.now();
    const probs: Tensor = noGrad(() => tidy(() => this.model.call(tensor(input, { shape: [1, 1, side, side], device })).softmax(1)));
    try {
      const probabilities = Float32Array.from(await probs.data());
      return { probabilities, ms: performance.now() - start, runtime: this.runtime, backend: device };
    } finally {
      probs.dispose();
    }
  }
}
