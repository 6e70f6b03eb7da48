import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dropout, Linear, ReLU, Sequential, manualSeed } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { SGD } from '@pistil/optim';
import { afterAll } from 'vitest';
import { ShuffledBatches, blobs } from './data.js';

/** A fresh temporary folder, removed after the file's tests. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pistil-train-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** The three-blob problem: 120 training and 60 validation points, batches of 16 (8 per epoch). */
export function blobData(seed = 1): { trainData: ShuffledBatches; valData: ShuffledBatches } {
  const train = blobs(120, 7);
  const val = blobs(60, 8);
  return { trainData: new ShuffledBatches(train.x, train.y, 16, true, seed), valData: new ShuffledBatches(val.x, val.y, 30, false) };
}

/** A small MLP for 2-D points and 3 classes, initialised from `seed`. */
export function mlp(seed = 0, dropout = 0): Sequential {
  manualSeed(seed);
  return dropout > 0
    ? new Sequential(new Linear(2, 16), new ReLU(), new Dropout(dropout), new Linear(16, 3))
    : new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
}

export function sgd(model: Sequential, lr = 0.1): SGD {
  return new SGD(model.parameters(), { lr, momentum: 0.9 });
}

/** Host copies of a state dict's values. */
export function snapshot(dict: Record<string, Tensor>): Record<string, number[]> {
  return Object.fromEntries(Object.entries(dict).map(([k, t]) => [k, Array.from(t.dataSync())]));
}
