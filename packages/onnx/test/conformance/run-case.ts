/** Runs one backend test case in Pistil and compares every output with the expected data. */
import { noGrad } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostTensor, importOnnx } from '../../src/index.js';
import { toPistil } from '../helpers/single-op.js';
import { loadDataSets } from './testdata.js';
import type { TestCase } from './testdata.js';

/** The ONNX backend test suite's own default tolerances (onnx/backend/test/runner). */
export const RTOL = 1e-3;
export const ATOL = 1e-7;

/** Returns null when every output of every data set matches, else what differed first. */
export function runCase(c: TestCase): string | null {
  const model = importOnnx(readFileSync(join(c.dir, 'model.onnx')));
  model.eval();
  try {
    for (const [k, set] of loadDataSets(c.dir).entries()) {
      const inputs = set.inputs.map(toPistil);
      let outputs: Record<string, Tensor> = {};
      try {
        outputs = noGrad(() => model.run(inputs));
      } finally {
        for (const t of inputs) t.dispose();
      }
      const names = model.outputNames;
      try {
        for (const [i, expected] of set.outputs.entries()) {
          const t = outputs[names[i]!]!;
          const problem = compare(HostTensor.of(expected.type, t.shape, t.dataSync() as ArrayLike<number>), expected);
          if (problem) return `data set ${k}, output ${i} '${names[i]}': ${problem}`;
        }
      } finally {
        for (const t of Object.values(outputs)) t.dispose();
      }
    }
    return null;
  } finally {
    model.dispose();
  }
}

function compare(actual: HostTensor, expected: HostTensor): string | null {
  if (actual.shape.join() !== expected.shape.join()) return `shape [${actual.shape}] instead of [${expected.shape}]`;
  for (let i = 0; i < expected.size; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (Number.isNaN(e) ? Number.isNaN(a) : a === e || Math.abs(a - e) <= ATOL + RTOL * Math.abs(e)) continue;
    return `element ${i}: ${a} instead of ${e}`;
  }
  return null;
}
