/**
 * Hostile .onnx files: every malformation gives a typed error naming the node or field, before
 * anything large is allocated; nothing escapes as a crash or an untyped exception.
 */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zeros } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { HostTensor, OnnxFormatError, OnnxUnsupportedError, importOnnx, onnx } from '../src/index.js';
import { GraphBuilder } from '../src/export/graph-builder.js';
import { loadOnnx } from '../src/node/index.js';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'cnn_batchnorm', 'model.onnx');

function reluModel(edit?: (g: GraphBuilder) => void): Uint8Array {
  const g = new GraphBuilder();
  g.input('x', 'float32', [2, 3]);
  g.node({ opType: 'Relu', inputs: ['x'], outputs: ['y'], name: 'act' });
  g.output('y', 'float32', [2, 3]);
  edit?.(g);
  return g.encode({ opset: 13 });
}

describe('malformed ONNX files', () => {
  it('empty and non-protobuf bytes', () => {
    expect(() => importOnnx(new Uint8Array())).toThrow(/model: the file is empty/);
    expect(() => importOnnx(new TextEncoder().encode('this is not a model, just text that goes on'))).toThrow(OnnxFormatError);
  });

  it('a file cut short anywhere', () => {
    const bytes = readFileSync(FIXTURE);
    for (let cut = 1; cut < bytes.length; cut += Math.max(1, Math.floor(bytes.length / 97))) {
      expect(() => importOnnx(bytes.subarray(0, cut)), `cut at ${cut}`).toThrow(/ONNX|model|graph|node|initializer/);
    }
  });

  it('an initializer whose dims claim more data than it holds names the initializer', () => {
    const bytes = reluModel((g) => {
      g.initializer('w', HostTensor.of('float32', [2], [1, 2]));
      g.initializers[0]!.dims = [1000, 1000];
      g.node({ opType: 'Add', inputs: ['y', 'w'], outputs: ['z'] });
    });
    expect(() => importOnnx(bytes)).toThrow(/initializer 'w': raw_data holds 8 bytes, but FLOAT \[1000, 1000\] needs 4000000/);
  });

  it('absurd dims are refused before any allocation', () => {
    const bytes = reluModel((g) => {
      g.initializer('w', HostTensor.of('float32', [1], [1]));
      g.initializers[0]!.dims = [2 ** 40, 2 ** 40];
    });
    expect(() => importOnnx(bytes)).toThrow(/initializer 'w': dims \[1099511627776, 1099511627776\] hold more than 2\^31 - 1 elements/);
    const negative = reluModel((g) => {
      g.initializer('w', HostTensor.of('float32', [1], [1]));
      g.initializers[0]!.dims = [-4];
    });
    expect(() => importOnnx(negative)).toThrow(/initializer 'w': invalid dims \[-4\]/);
  });

  it('a cycle names the nodes in it', () => {
    const g = new GraphBuilder();
    g.input('x', 'float32', [2]);
    g.node({ opType: 'Add', inputs: ['x', 'c'], outputs: ['b'], name: 'first' });
    g.node({ opType: 'Relu', inputs: ['b'], outputs: ['c'], name: 'second' });
    g.output('c', 'float32', [2]);
    expect(() => importOnnx(g.encode({ opset: 13 }))).toThrow(/graph has a cycle through node 'first' \(Add\), node 'second' \(Relu\)/);
  });

  it('unknown ops, foreign domains and too-new opsets are OnnxUnsupportedError naming the node', () => {
    const unknown = reluModel((g) => g.node({ opType: 'FancyOp', inputs: ['y'], outputs: ['z'], name: 'mystery' }));
    expect(() => importOnnx(unknown)).toThrow(OnnxUnsupportedError);
    expect(() => importOnnx(unknown)).toThrow(/FancyOp \(node 'mystery' \(FancyOp\)\)/);
    const foreign = reluModel((g) => g.node({ opType: 'Relu', domain: 'com.example', inputs: ['y'], outputs: ['z'], name: 'custom' }));
    expect(() => importOnnx(foreign)).toThrow(/Relu of domain 'com.example'/);
    expect(() => importOnnx(new GraphBuilder().encode({ opset: 99 }))).toThrow(/opset 99 is newer/);
  });

  it('dangling inputs, duplicate outputs and missing graph outputs', () => {
    expect(() => importOnnx(reluModel((g) => g.node({ opType: 'Relu', inputs: ['ghost'], outputs: ['z'], name: 'n' })))).toThrow(/node 'n' \(Relu\): input 'ghost' is not a graph input/);
    expect(() => importOnnx(reluModel((g) => g.node({ opType: 'Relu', inputs: ['x'], outputs: ['y'], name: 'again' })))).toThrow(/node 'again' \(Relu\): output 'y' is already defined/);
    expect(() => importOnnx(reluModel((g) => g.output('nowhere', 'float32')))).toThrow(/graph output 'nowhere' is not produced/);
  });

  it('attributes of the wrong type name the node and attribute', () => {
    const bytes = reluModel((g) => g.node({ opType: 'LeakyRelu', inputs: ['y'], outputs: ['z'], name: 'leaky', attrs: { alpha: { string: 'big' } } }));
    const model = importOnnx(bytes);
    const x = zeros([2, 3]);
    expect(() => model.run({ x })).toThrow(/node 'leaky' \(LeakyRelu\): attribute 'alpha' is STRING, expected FLOAT/);
    x.dispose();
    model.dispose();
  });
});

describe('external data', () => {
  function externalModel(location: string): Uint8Array {
    return reluModel((g) => {
      g.initializer('w', HostTensor.of('float32', [2, 3], [0, 0, 0, 0, 0, 0]));
      const t = g.initializers[0]!;
      t.rawData = new Uint8Array();
      t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
      t.externalData = [{ key: 'location', value: location }, { key: 'offset', value: '0' }, { key: 'length', value: '24' }];
      g.node({ opType: 'Add', inputs: ['y', 'w'], outputs: ['z'] });
    });
  }

  it('reads weights from a file beside the model', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-ext-'));
    writeFileSync(join(dir, 'weights.bin'), Buffer.from(new Float32Array([1, 2, 3, 4, 5, 6]).buffer));
    writeFileSync(join(dir, 'model.onnx'), externalModel('weights.bin'));
    const model = loadOnnx(join(dir, 'model.onnx'));
    expect(Array.from(model.initializers().w!.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    model.dispose();
  });

  it('refuses paths that leave the model folder, absolute paths and symlinks out', () => {
    const outside = mkdtempSync(join(tmpdir(), 'onnx-secret-'));
    writeFileSync(join(outside, 'secret.bin'), Buffer.alloc(24));
    const dir = mkdtempSync(join(tmpdir(), 'onnx-ext-'));
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(outside, 'secret.bin'), join(dir, 'link.bin'));
    const cases: [string, RegExp][] = [
      [`../${outside.split('/').pop()}/secret.bin`, /leaves the model's folder/],
      [join(outside, 'secret.bin'), /must be a path relative to the model's folder/],
      ['link.bin', /links outside the model's folder/],
      ['sub', /is not a file/],
      ['missing.bin', /does not exist next to the model/],
    ];
    for (const [location, message] of cases) {
      writeFileSync(join(dir, 'model.onnx'), externalModel(location));
      expect(() => loadOnnx(join(dir, 'model.onnx')), location).toThrow(message);
    }
  });

  it('an external file shorter than the tensor is an error, not a short read', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-ext-'));
    writeFileSync(join(dir, 'weights.bin'), Buffer.alloc(10));
    writeFileSync(join(dir, 'model.onnx'), externalModel('weights.bin'));
    expect(() => loadOnnx(join(dir, 'model.onnx'))).toThrow(/has 10 bytes; offset 0 \+ length 24 runs past its end/);
  });

  it('bytes without a file to resolve against say how to load external data', () => {
    expect(() => importOnnx(externalModel('weights.bin'))).toThrow(/external file 'weights.bin'; load the model from a file \(loadOnnx\)/);
  });
});
