// SGEMM: C = A·B for float32 n×n matrices, read back to JS each time; GFLOP/s = 2n³ / time.
import { sample, uniform } from '../lib/common.mjs';
import { readTf } from '../lib/tfjs-layout.mjs';

function setup(n) {
  return async (lib, env) => {
    const a = uniform(n * n, -1, 1, 11);
    const b = uniform(n * n, -1, 1, 12);
    // The check compares a sample of C (every 7th value).
    const check = (c) => ({ c: sample(c, 7) });
    if (lib === 'pistil' || lib === 'ort') {
      const { pt, exportOnnx } = lib === 'ort' ? env.pistil : env;
      const A = pt.tensor(a, { shape: [n, n] });
      const B = pt.tensor(b, { shape: [n, n] });
      if (lib === 'pistil') {
        const run = () => pt.tidy(() => pt.matmul(A, B).dataSync().slice());
        return { check: () => check(run()), step: run };
      }
      // A one-node MatMul model with both operands as inputs, written by Pistil's exporter.
      class MatMul extends pt.Module {
        forward(x, y) { return pt.matmul(x, y); }
      }
      const { ort, sessionOptions } = env;
      const bytes = await exportOnnx(new MatMul(), [A, B], { dynamicBatch: false, inputNames: ['a', 'b'] });
      const session = await ort.InferenceSession.create(bytes, sessionOptions);
      const feeds = { a: new ort.Tensor('float32', a, [n, n]), b: new ort.Tensor('float32', b, [n, n]) };
      const run = async () => (await session.run(feeds))[session.outputNames[0]].data;
      return { check: async () => check(await run()), step: run };
    }
    const { tf } = env;
    const A = tf.tensor(a, [n, n]);
    const B = tf.tensor(b, [n, n]);
    const run = () => readTf(tf, () => tf.matMul(A, B));
    return { check: () => check(run()), step: run };
  };
}

export default [256, 512, 1024].map((n) => ({
  id: `sgemm${n}`, title: `SGEMM ${n}×${n}×${n}`, unit: 'GFLOP/s', work: () => 2 * n ** 3,
  libs: ['pistil', 'tfjs-cpu', 'tfjs-wasm', 'ort'], setup: setup(n),
}));
