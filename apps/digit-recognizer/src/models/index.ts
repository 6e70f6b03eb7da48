import type { Module } from '@pistil/nn';
import { LeNet5 } from './lenet5.js';
import { ModernLeNet } from './modern-lenet.js';
import type { ModernLeNetConfig } from './modern-lenet.js';

export { LeNet5 } from './lenet5.js';
export { ModernLeNet } from './modern-lenet.js';
export type { ModernLeNetConfig } from './modern-lenet.js';
export { PartialConv2d, LENET5_C3_TABLE } from './partial-conv2d.js';
export { Subsampling2d } from './subsampling.js';
export { ScaledTanh } from './scaled-tanh.js';

export const MODEL_NAMES = ['lenet5', 'modern'] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** What a saved model's JSON config holds, so `createModel(config)` rebuilds it without code edits. */
export interface ModelConfig {
  model: ModelName;
  modern?: ModernLeNetConfig;
}

/** The input side each model expects (LeNet-5 reads 32×32: MNIST's 28×28 padded by 2). */
export function inputSize(name: ModelName): number {
  return name === 'lenet5' ? 32 : 28;
}

export function createModel(config: ModelConfig): Module {
  switch (config.model) {
    case 'lenet5':
      return new LeNet5();
    case 'modern':
      return new ModernLeNet(config.modern);
    default:
      throw new TypeError(`unknown model '${String((config as { model: unknown }).model)}'; choose one of ${MODEL_NAMES.join(', ')}`);
  }
}
