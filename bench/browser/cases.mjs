// The browser workloads, shared by the page (which runs them) and the runner (which lists them and
// turns times into GFLOP/s or images/s). Browser-safe: no Node module is imported here.
//
// - matmul256, matmul512: C = A·B, float32 n×n, A and B the same seeded numbers as the CPU
//   bench's sgemm (workloads/sgemm.mjs: uniform(−1, 1), seeds 11 and 12). A timed iteration is one
//   product followed by a read-back of one element, C[0, 0] (a 1×1 slice read synchronously), so
//   that the time includes the GPU finishing the product but not the download of all of C.
//   Check: all of C against a float64 product computed in the page, max |C − C64| / max |C64|;
//   the runner also compares every 7th element across the two libraries.
// - lenet-train: the CPU bench's LeNet training step (workloads/lenet.mjs: the same model, weights,
//   data, SGD momentum and check), at batch 64. The step ends by reading the loss scalar
//   (Pistil `loss.item()`, tfjs `value.dataSync()[0]`, both in lib/train.mjs).
import { sample, uniform } from '../lib/common.mjs';
import { readTf } from '../lib/tfjs-layout.mjs';
import lenet from '../workloads/lenet.mjs';

/** The libraries: Pistil on its 'webgl' device, tfjs-core on tfjs-backend-webgl. */
export const BROWSER_LIBS = ['pistil-webgl', 'tfjs-webgl'];
export const BROWSER_LIB_NAMES = { 'pistil-webgl': 'Pistil webgl', 'tfjs-webgl': 'tfjs-webgl' };

/** float64 C = A·B (row-major n×n) — the reference of the matmul check. */
function matmul64(a, b, n) {
  const c = new Float64Array(n * n);
  const row = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    row.fill(0);
    for (let k = 0; k < n; k++) {
      const aik = a[i * n + k];
      const bk = k * n;
      for (let j = 0; j < n; j++) row[j] += aik * b[bk + j];
    }
    c.set(row, i * n);
  }
  return c;
}

/** max |c − ref| / max |ref|. */
export function maxRelErr(c, ref) {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < ref.length; i++) {
    diff = Math.max(diff, Math.abs(c[i] - ref[i]));
    scale = Math.max(scale, Math.abs(ref[i]));
  }
  return Number.isFinite(diff) && c.length === ref.length ? diff / (scale || 1) : Infinity;
}

function matmul(n) {
  const setup = async (lib, env) => {
    const a = uniform(n * n, -1, 1, 11);
    const b = uniform(n * n, -1, 1, 12);
    const report = (c) => ({ arrays: { c: sample(c, 7) }, float64Err: maxRelErr(c, matmul64(a, b, n)) });
    if (lib === 'pistil-webgl') {
      const { pt } = env;
      const A = pt.tensor(a, { shape: [n, n] });
      const B = pt.tensor(b, { shape: [n, n] });
      return {
        check: () => report(pt.tidy(() => pt.matmul(A, B).dataSync().slice())),
        step: () => pt.tidy(() => pt.index(pt.matmul(A, B), 0, 0).item()),
      };
    }
    const { tf } = env;
    const A = tf.tensor(a, [n, n]);
    const B = tf.tensor(b, [n, n]);
    return {
      check: () => report(readTf(tf, () => tf.matMul(A, B)).slice()),
      step: () => readTf(tf, () => tf.slice(tf.matMul(A, B), [0, 0], [1, 1]))[0],
    };
  };
  return { id: `matmul${n}`, title: `matmul ${n}×${n}×${n}`, unit: 'GFLOP/s', work: () => 2 * n ** 3, setup };
}

const lenetTrain = lenet.find((w) => w.id === 'lenet-train');

export const BROWSER_WORKLOADS = [
  matmul(256),
  matmul(512),
  {
    id: 'lenet-train',
    title: lenetTrain.title,
    unit: lenetTrain.unit,
    batch: lenetTrain.batch, // 64
    quickBatch: 16, // --quick only
    work: lenetTrain.work,
    // workloads/lenet.mjs takes 'pistil' (env { pt, SGD }) or any tfjs backend (env { tf }).
    setup: async (lib, env, batch) => {
      const trainer = await lenetTrain.setup(lib === 'pistil-webgl' ? 'pistil' : lib, env, batch);
      return { check: async () => ({ arrays: await trainer.check() }), step: trainer.step };
    },
  },
];
