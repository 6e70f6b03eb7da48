/**
 * The ONNX backend test data Debian ships in libonnx-testdata: a folder per case with model.onnx
 * and test_data_set_N/{input,output}_K.pb (TensorProtos). Same layout as our PyTorch fixtures.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HostTensor, decodeModel, onnx, readTensorProto } from '../../src/index.js';

export const TESTDATA_ROOT = process.env.ONNX_TESTDATA ?? '/usr/share/libonnx-testdata/data';

export interface TestCase {
  readonly suite: string;
  readonly name: string;
  readonly dir: string;
  readonly ops: readonly string[];
  readonly opset: number;
}

export interface DataSet {
  readonly inputs: HostTensor[];
  readonly outputs: HostTensor[];
}

export function listCases(suites: readonly string[] = ['node', 'pytorch-operator', 'pytorch-converted', 'simple']): TestCase[] {
  const cases: TestCase[] = [];
  for (const suite of suites) {
    const root = join(TESTDATA_ROOT, suite);
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root).sort()) {
      const dir = join(root, name);
      const file = join(dir, 'model.onnx');
      if (!existsSync(file)) continue;
      const model = decodeModel(readFileSync(file));
      const ops = [...new Set((model.graph?.node ?? []).map((n) => (n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : n.opType!)))];
      const opset = Number((model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx')?.version ?? 0);
      cases.push({ suite, name, dir, ops, opset });
    }
  }
  return cases;
}

function readPb(file: string): HostTensor {
  return readTensorProto(onnx.TensorProto.decode(readFileSync(file)), file);
}

export function loadDataSets(dir: string): DataSet[] {
  return readdirSync(dir)
    .filter((d) => d.startsWith('test_data_set_'))
    .sort()
    .map((d) => {
      const files = readdirSync(join(dir, d));
      const read = (prefix: string): HostTensor[] =>
        files.filter((f) => f.startsWith(prefix) && f.endsWith('.pb')).sort((a, b) => Number(a.match(/\d+/)![0]) - Number(b.match(/\d+/)![0])).map((f) => readPb(join(dir, d, f)));
      return { inputs: read('input_'), outputs: read('output_') };
    });
}
