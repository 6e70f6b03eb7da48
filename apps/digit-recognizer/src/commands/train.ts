import { crossEntropy, manualSeed } from '@pistil/nn';
import { Adam, CosineAnnealingLR, OneCycleLR, SGD, StepLR } from '@pistil/optim';
import { fit } from '@pistil/train';
import type { History } from '@pistil/train';
import { join } from 'node:path';
import { trainingData, normalizationFor } from '../data.js';
import type { Augmentation } from '../data.js';
import { saveModel } from '../model-io.js';
import { createModel } from '../models/index.js';
import type { ModelName } from '../models/index.js';
import { lineCharts } from '../render/line-chart.js';
import { svgToPng } from '../render/png.js';
import { MNIST } from '@pistil/data';

export const OPTIMIZERS = ['adam', 'sgd'] as const;
export const SCHEDULES = ['onecycle', 'cosine', 'step', 'none'] as const;

export interface TrainArgs {
  model: ModelName;
  epochs: number;
  batchSize: number;
  optimizer: (typeof OPTIMIZERS)[number];
  lr: number;
  schedule: (typeof SCHEDULES)[number];
  augment: Augmentation;
  out: string;
  seed: number;
  valSize: number;
  /** Use only the first `limit` training images (quick runs). */
  limit?: number;
  resume: boolean;
  root?: string;
}

function makeOptimizer(args: TrainArgs, params: ReturnType<ReturnType<typeof createModel>['parameters']>) {
  return args.optimizer === 'adam' ? new Adam(params, { lr: args.lr }) : new SGD(params, { lr: args.lr, momentum: 0.9, nesterov: true, weightDecay: 5e-4 });
}

function makeScheduler(args: TrainArgs, optimizer: Adam | SGD, stepsPerEpoch: number) {
  switch (args.schedule) {
    case 'onecycle':
      return new OneCycleLR(optimizer, { maxLr: args.lr, epochs: args.epochs, stepsPerEpoch });
    case 'cosine':
      return new CosineAnnealingLR(optimizer, { TMax: args.epochs });
    case 'step':
      return new StepLR(optimizer, { stepSize: Math.max(1, Math.round(args.epochs / 3)), gamma: 0.1 });
    case 'none':
      return undefined;
  }
}

/** The loss and accuracy curves of a history, as one PNG with two panels. */
export async function writeCurves(history: History, path: string): Promise<void> {
  const pts = (key: 'trainLoss' | 'valLoss' | 'trainAccuracy' | 'valAccuracy') => history.epochs.map((e) => [e.epoch, Number(e[key] ?? Number.NaN)] as const);
  await svgToPng(lineCharts([
    { title: 'loss', xLabel: 'epoch', series: [{ name: 'train', color: '#1f77b4', points: pts('trainLoss') }, { name: 'validation', color: '#d62728', points: pts('valLoss') }] },
    { title: 'accuracy', xLabel: 'epoch', series: [{ name: 'train', color: '#1f77b4', points: pts('trainAccuracy') }, { name: 'validation', color: '#d62728', points: pts('valAccuracy') }] },
  ]), path);
}

/**
 * Trains a model on MNIST's training set (less a seeded validation split), checkpointing every
 * epoch so `--resume` continues the same run, then saves the final model, history and curves.
 */
export async function train(args: TrainArgs, log: (line: string) => void): Promise<History> {
  manualSeed(args.seed);
  const data = await trainingData({ model: args.model, augment: args.augment, batchSize: args.batchSize, valSize: args.valSize, limit: args.limit, seed: args.seed, root: args.root });
  const model = createModel({ model: args.model });
  const optimizer = makeOptimizer(args, model.parameters());
  const scheduler = makeScheduler(args, optimizer, data.train.length);
  log(`training ${args.model} on ${data.trainSize} MNIST images (validating on ${data.valSize}), ${args.epochs} epochs, batch ${args.batchSize}, ${args.optimizer} lr ${args.lr}, schedule ${args.schedule}, augmentation ${args.augment}`);
  const history = await fit({
    model,
    optimizer,
    scheduler,
    lossFn: crossEntropy,
    trainData: data.train,
    valData: data.val,
    epochs: args.epochs,
    monitor: 'valAccuracy',
    checkpoint: { dir: join(args.out, 'checkpoints'), monitor: 'valAccuracy' },
    resume: args.resume ? join(args.out, 'checkpoints') : undefined,
    historyPath: join(args.out, 'history.json'),
    log,
  });
  await saveModel(args.out, model, { model: args.model, normalization: normalizationFor(args.model), classes: MNIST.classes.map((c) => c.split(' ')[0]!) });
  await writeCurves(history, join(args.out, 'curves.png'));
  log(`saved ${join(args.out, 'model.safetensors')}, history.json and curves.png`);
  model.dispose();
  optimizer.dispose();
  return history;
}
