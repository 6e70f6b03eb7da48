/**
 * Shape arithmetic as exporters write it (Shape → Gather → Unsqueeze → Concat → Reshape) must
 * fold on the host, and the misc_ops PyTorch fixture (reflect-pad pads computed with Slice step
 * -1, chunk via Shape/Gather/Div/Mul/Slice) must reproduce PyTorch once every op it uses exists.
 */
import { noGrad } from '@pistil/nn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { HostTensor, OnnxFormatError, importOnnx, supportedOps } from '../../src/index.js';
import { GraphBuilder, attr } from '../../src/export/graph-builder.js';
import { findOp } from '../../src/import/ops/index.js';
import { loadDataSets } from '../conformance/testdata.js';
import { expectClose, runOrt, runPistil, toPistil } from '../helpers/single-op.js';
import { host, randomHost, runHostOp } from '../helpers/op-checks.js';

/** y = x.reshape(x.shape[0], prod(x.shape[1:])), plus the new shape itself as a second output. */
function flattenChain(): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', 'float32', ['n', 3, 4]);
  g.initializer('zero', host.i64([0], []));
  g.initializer('axes0', host.i64([0]));
  g.initializer('one', host.i64([1]));
  g.initializer('end', host.i64([2 ** 62]));
  g.node({ opType: 'Shape', inputs: ['x'], outputs: ['s'] });
  g.node({ opType: 'Gather', inputs: ['s', 'zero'], outputs: ['batch'], attrs: { axis: attr.int(0) } });
  g.node({ opType: 'Unsqueeze', inputs: ['batch', 'axes0'], outputs: ['batch1'] });
  g.node({ opType: 'Slice', inputs: ['s', 'one', 'end'], outputs: ['rest'] });
  g.node({ opType: 'ReduceProd', inputs: ['rest'], outputs: ['features'], attrs: { keepdims: attr.int(1) } });
  g.node({ opType: 'Concat', inputs: ['batch1', 'features'], outputs: ['shape'], attrs: { axis: attr.int(0) } });
  g.node({ opType: 'Reshape', inputs: ['x', 'shape'], outputs: ['y'] });
  g.outputs.push({ name: 'y' }, { name: 'shape' });
  return g.encode({ opset: 13 });
}

describe('shape arithmetic', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('folds Shape → Gather → Unsqueeze → Slice → ReduceProd → Concat on the host and reshapes on the device', async () => {
    const folded = ['Gather', 'Unsqueeze', 'Slice', 'ReduceProd', 'Concat'].map((op) => findOp(op)!);
    const onDevice = folded.map((def) => vi.spyOn(def, 'run'));
    const onHost = folded.map((def) => vi.spyOn(def, 'runHost'));
    const bytes = flattenChain();
    const x = randomHost([5, 3, 4], 71);
    const [y, shape] = runPistil(bytes, { x });
    for (const spy of onDevice) expect(spy).not.toHaveBeenCalled();
    for (const spy of onHost) expect(spy).toHaveBeenCalledTimes(1);
    const expected = await runOrt(bytes, { x });
    expectClose(y!, expected[0]!);
    expect(shape!.numbers()).toEqual([5, 12]);
  });

  it('keeps the batch dim symbolic: the same model reshapes any batch', () => {
    const model = importOnnx(flattenChain());
    for (const n of [1, 7]) {
      const x = toPistil(randomHost([n, 3, 4]));
      const y = noGrad(() => model.forward(x));
      expect(y.shape).toEqual([n, 12]);
      x.dispose();
      y.dispose();
    }
    model.dispose();
  });

  it('host ops refuse what the device ops refuse, naming the node', () => {
    expect(() => runHostOp({ opType: 'Gather', inputs: ['x', 'i'], feeds: { x: host.i64([2, 3]), i: host.i64([2]) } })).toThrow(OnnxFormatError);
    expect(() => runHostOp({ opType: 'Gather', inputs: ['x', 'i'], feeds: { x: host.i64([2, 3]), i: host.i64([-3]) } })).toThrow(/node 'under_test' \(Gather\): index -3 is out of range/);
    expect(() => runHostOp({ opType: 'Reshape', inputs: ['x', 's'], feeds: { x: host.i64([2, 3]), s: host.i64([3]) } })).toThrow(/cannot reshape \[2\]/);
  });

  it('Pad-1 reads `paddings` as Pad-2 reads `pads`', () => {
    const x = randomHost([2, 3], 72);
    const build = (opset: number, name: string): Uint8Array => {
      const g = new GraphBuilder();
      g.input('x', 'float32', [2, 3]);
      g.node({ opType: 'Pad', inputs: ['x'], outputs: ['y'], attrs: { [name]: attr.ints([1, 0, 0, 2]), value: attr.float(9) }, name: 'under_test' });
      g.outputs.push({ name: 'y' });
      return g.encode({ opset });
    };
    const [one] = runPistil(build(1, 'paddings'), { x });
    const [two] = runPistil(build(2, 'pads'), { x });
    expect(one!.shape).toEqual([3, 5]);
    expectClose(one!, two!);
  });
});

describe('misc_ops PyTorch fixture', () => {
  const dir = join(import.meta.dirname, '..', '..', 'fixtures', 'misc_ops');
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8')) as { ops: string[] };
  const supported = new Set(supportedOps().map((d) => d.opType));
  const missing = meta.ops.filter((op) => !supported.has(op));

  it.skipIf(missing.length > 0)(`reproduces PyTorch (runs once ${missing.join(', ') || 'every op'} is supported)`, () => {
    const model = importOnnx(readFileSync(join(dir, 'model.onnx'))).eval();
    const [set] = loadDataSets(dir);
    const x = toPistil(set!.inputs[0]!);
    const y = noGrad(() => model.forward(x));
    expectClose(HostTensor.of('float32', y.shape, y.dataSync() as Float32Array), set!.outputs[0]!, { rtol: 1e-4, atol: 1e-5 });
    x.dispose();
    y.dispose();
    model.dispose();
  });
});
