import { noGrad, saveSafetensors, tensor } from '@pistil/nn';
import { loadOnnx } from '@pistil/onnx/node';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main, tensorInput } from '../src/index.js';

const FIXTURES = fileURLToPath(new URL('../../onnx/fixtures', import.meta.url));
const LENET = join(FIXTURES, 'lenet_mnist', 'model.onnx');
const LENET_INPUT = join(FIXTURES, 'lenet_mnist', 'test_data_set_0', 'input_0.pb');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, (s) => (out += `${s}\n`), (s) => (err += `${s}\n`));
  return { code, out, err };
}

describe('pistil-onnx', () => {
  it('inspect lists inputs, outputs, ops and parameters', async () => {
    const { code, out } = await cli('inspect', LENET);
    expect(code).toBe(0);
    expect(out).toContain('opset 13, from pytorch');
    expect(out).toMatch(/input: FLOAT \[batch, 1, 28, 28\]/);
    expect(out).toMatch(/Conv ×2/);
    expect(out).toContain('parameters: 61,706 in 10 initializers');
    expect(out).toContain('importable: every op is supported');
    const json = JSON.parse((await cli('inspect', LENET, '--json')).out) as { parameters: number; ops: Record<string, number>; unsupported: string[] };
    expect(json.parameters).toBe(61706);
    expect(json.ops.Gemm).toBe(3);
    expect(json.unsupported).toEqual([]);
  });

  it('run reports each sample of a tensor file', async () => {
    const { code, out } = await cli('run', LENET, LENET_INPUT, '--top', '1');
    expect(code).toBe(0);
    // The fixture's three MNIST test digits are 7, 2, 1.
    expect(out).toMatch(/sample 0:\n 1\. 7 \(7\)/);
    expect(out).toMatch(/sample 1:\n 1\. 2 \(2\)/);
    expect(out).toMatch(/sample 2:\n 1\. 1 \(1\)/);
  });

  it('convert goes to safetensors + JSON and back to the same model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pistil-onnx-'));
    expect((await cli('convert', LENET, join(dir, 'lenet.safetensors'))).code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'lenet.json'), 'utf8')) as { format: string; inputs: string[] };
    expect(config).toMatchObject({ format: 'pistil-onnx-graph', inputs: ['input'] });
    expect((await cli('convert', join(dir, 'lenet.safetensors'), join(dir, 'back.onnx'))).code).toBe(0);
    const x = await tensorInput(LENET_INPUT);
    const [a, b] = [LENET, join(dir, 'back.onnx')].map((p) => {
      const m = loadOnnx(p).eval();
      const y = noGrad(() => m.forward(x));
      m.dispose();
      return Array.from(y.dataSync());
    });
    expect(b).toEqual(a);
    x.dispose();
  });

  it('usage errors exit 2 with the usage; bad files exit 1 with a typed error', async () => {
    expect((await cli()).code).toBe(2);
    expect((await cli('frobnicate')).err).toContain("unknown command 'frobnicate'");
    expect((await cli('run', LENET)).code).toBe(2);
    expect((await cli('run', LENET, LENET_INPUT, '--top', 'x')).err).toContain("--top expects a positive integer, got 'x'");
    expect((await cli('inspect', LENET, '--bogus')).code).toBe(2);
    const bad = await cli('inspect', LENET_INPUT);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/OnnxFormatError/);
    expect((await cli('convert', LENET, join(tmpdir(), 'x.txt'))).code).toBe(2);
    // Weights saved by an app, with its own config: not a graph to convert.
    const dir = mkdtempSync(join(tmpdir(), 'pistil-onnx-'));
    const w = tensor([1, 2]);
    await saveSafetensors(join(dir, 'app.safetensors'), { w });
    writeFileSync(join(dir, 'app.json'), JSON.stringify({ model: 'modern' }));
    w.dispose();
    const notGraph = await cli('convert', join(dir, 'app.safetensors'), join(dir, 'out.onnx'));
    expect(notGraph.code).toBe(1);
    expect(notGraph.err).toMatch(/app.json: not a 'pistil-onnx-graph' config/);
  });
});
