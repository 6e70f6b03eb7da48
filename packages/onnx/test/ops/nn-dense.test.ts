import { describe, expect, it } from 'vitest';
import { OnnxFormatError, OnnxUnsupportedError } from '../../src/index.js';
import { attr } from '../../src/export/graph-builder.js';
import type { HostTensor } from '../../src/host-tensor.js';
import { buildOpModel, checkAgainstOrt, expectClose, host, randomHost, runOrt, runPistil } from '../helpers/single-op.js';

const TOL = { rtol: 1e-5, atol: 1e-5 };

describe('Gemm', () => {
  const a = randomHost([3, 4], 1);
  const b = randomHost([4, 5], 2);

  it('alpha, beta, transA, transB with C broadcast from [N], [M, 1], [1] and [M, N]', async () => {
    for (const c of [randomHost([5], 3), randomHost([3, 1], 4), randomHost([1], 5), randomHost([3, 5], 6)]) {
      for (const [transA, transB] of [[0, 0], [1, 0], [0, 1], [1, 1]]) {
        const aa = transA ? randomHost([4, 3], 7) : a;
        const bb = transB ? randomHost([5, 4], 8) : b;
        await checkAgainstOrt({ opType: 'Gemm', attrs: { alpha: attr.float(0.5), beta: attr.float(-2), transA: attr.int(transA!), transB: attr.int(transB!) }, inputs: ['a', 'b', 'c'], feeds: { a: aa, c }, initializers: { b: bb } }, TOL);
      }
    }
  });

  it('without C (opset 11+) and with beta = 0', async () => {
    await checkAgainstOrt({ opType: 'Gemm', opset: 11, inputs: ['a', 'b'], feeds: { a, b } }, TOL);
    await checkAgainstOrt({ opType: 'Gemm', opset: 13, attrs: { beta: attr.float(0) }, inputs: ['a', 'b', 'c'], feeds: { a, b, c: randomHost([5], 3) } }, TOL);
  });

  it('opset 6 broadcast attribute (onnxruntime has no Gemm-6: compared with Gemm-7)', async () => {
    for (const [c, attrs] of [[randomHost([5], 3), { broadcast: attr.int(1) }], [randomHost([3, 5], 3), {}]] as const) {
      const feeds = { a, b, c };
      const v6 = runPistil(buildOpModel({ opType: 'Gemm', opset: 6, attrs: { ...attrs, alpha: attr.float(2) }, inputs: ['a', 'b', 'c'], feeds }), feeds);
      const [expected] = await runOrt(buildOpModel({ opType: 'Gemm', opset: 7, attrs: { alpha: attr.float(2) }, inputs: ['a', 'b', 'c'], feeds }), feeds);
      expectClose(v6[0]!, expected!, TOL);
    }
    const bytes = buildOpModel({ opType: 'Gemm', opset: 6, inputs: ['a', 'b', 'c'], feeds: { a, b, c: randomHost([5], 3) } });
    expect(() => runPistil(bytes, { a, b, c: randomHost([5], 3) })).toThrow(/under_test.*broadcast = 0/);
  });

  it('rejects mismatched inner dims, non-matrices and a C that does not broadcast', () => {
    const cases: { feeds: Record<string, HostTensor>; match: RegExp }[] = [
      { feeds: { a, b: randomHost([3, 5], 2) }, match: /inner dimensions/ },
      { feeds: { a: randomHost([2, 3, 4], 1), b }, match: /must be matrices/ },
      { feeds: { a, b, c: randomHost([4], 1) }, match: /does not broadcast to \[3, 5\]/ },
    ];
    for (const c of cases) {
      const bytes = buildOpModel({ opType: 'Gemm', inputs: Object.keys(c.feeds), feeds: c.feeds });
      expect(() => runPistil(bytes, c.feeds)).toThrow(OnnxFormatError);
      expect(() => runPistil(bytes, c.feeds)).toThrow(c.match);
    }
  });
});

describe('MatMul', () => {
  it('numpy semantics: 1-D operands, batch broadcasting', async () => {
    const shapes: [number[], number[]][] = [
      [[3, 4], [4, 5]],
      [[4], [4, 5]],
      [[3, 4], [4]],
      [[4], [4]],
      [[2, 3, 4], [4, 5]],
      [[3, 4], [2, 4, 5]],
      [[2, 1, 3, 4], [3, 4, 2]],
      [[5], [2, 5, 3]],
      [[2, 3, 5], [5]],
    ];
    for (const [sa, sb] of shapes) {
      for (const opset of [9, 13]) await checkAgainstOrt({ opType: 'MatMul', opset, inputs: ['a', 'b'], feeds: { a: randomHost(sa, 1), b: randomHost(sb, 2) } }, TOL);
    }
  });

  it('names the node on mismatched dims and refuses integer operands', () => {
    const feeds = { a: randomHost([2, 3], 1), b: randomHost([4, 2], 2) };
    expect(() => runPistil(buildOpModel({ opType: 'MatMul', inputs: ['a', 'b'], feeds }), feeds)).toThrow(/under_test.*inner dimensions/);
    const ints = { a: host.i64([1, 2, 3, 4], [2, 2]), b: host.i64([1, 0, 0, 1], [2, 2]) };
    expect(() => runPistil(buildOpModel({ opType: 'MatMul', inputs: ['a', 'b'], feeds: ints }), ints)).toThrow(OnnxUnsupportedError);
  });
});
