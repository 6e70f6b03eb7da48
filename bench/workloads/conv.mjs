// One 3×3 conv layer (pad 1, with bias), forward + backward (dx, dW, db) at batch 32 on
// 64×64×32 → 64 channels. The loss is Σ y·R for a fixed random R, so dy = R.
// FLOPs: forward 2·N·OH·OW·O·C·9, backward twice that.
import { canonicalWeights, nchwToNhwc, sample, uniform } from '../lib/common.mjs';
import { conv, readTf, vector } from '../lib/tfjs-layout.mjs';

const [C, H, W, O] = [32, 64, 64, 64];
const forwardFlops = (n) => 2 * n * H * W * O * C * 9;

function data(N) {
  const { weight, bias } = canonicalWeights({ weight: { shape: [O, C, 3, 3] }, bias: { shape: [O], fanIn: C * 9 } }, 21);
  return { x: uniform(N * C * H * W, -1, 1, 22), r: uniform(N * O * H * W, -1, 1, 23), weight, bias };
}

// The check compares the loss, dW, db and every 101st value of dx (NCHW order).
const report = (loss, dx, dw, db) => ({ loss: [loss], dW: Array.from(dw), db: Array.from(db), dx: sample(dx, 101) });

async function setup(lib, env, N) {
  const { x, r, weight, bias } = data(N);
  if (lib === 'pistil') {
    const { pt } = env;
    const X = pt.tensor(x, { shape: [N, C, H, W] });
    const Wt = pt.tensor(weight.data, { shape: weight.shape });
    const B = pt.tensor(bias.data, { shape: bias.shape });
    const R = pt.tensor(r, { shape: [N, O, H, W] });
    const f = (xx, w, b) => pt.conv2d(xx, w, b, { padding: 1 }).mul(R).sum();
    const g = pt.grads(f);
    const run = () => pt.tidy(() => g([X, Wt, B]).map((t) => t.dataSync().slice()));
    return {
      check() {
        const loss = pt.noGrad(() => pt.tidy(() => f(X, Wt, B).item()));
        const [dx, dw, db] = run();
        return report(loss, dx, dw, db);
      },
      step: () => void pt.tidy(() => g([X, Wt, B])[2].dataSync()),
    };
  }
  const { tf } = env;
  const X = tf.tensor(nchwToNhwc(x, [N, C, H, W]), [N, H, W, C]);
  const Wt = conv.toTf(tf, weight);
  const B = vector.toTf(tf, bias);
  const R = tf.tensor(nchwToNhwc(r, [N, O, H, W]), [N, H, W, O]);
  const f = (xx, w, b) => tf.sum(tf.mul(tf.fused.conv2d({ x: xx, filter: w, bias: b, strides: 1, pad: 'same' }), R));
  const g = tf.grads(f);
  return {
    check() {
      const loss = readTf(tf, () => f(X, Wt, B))[0];
      const [gx, gw, gb] = g([X, Wt, B]);
      const dx = readTf(tf, () => tf.transpose(gx, [0, 3, 1, 2]));
      const dw = readTf(tf, () => conv.fromTf(tf, gw));
      const db = gb.dataSync();
      tf.dispose([gx, gw, gb]);
      return report(loss, dx, dw, db);
    },
    step: () => void readTf(tf, () => g([X, Wt, B])[2]),
  };
}

export default [
  // tfjs-cpu's filter gradient runs at ~0.02 GFLOP/s (27 s at batch 2): it is checked and timed at batch 1.
  { id: 'conv3x3', title: 'Conv 3×3 32→64 @64×64, batch 32, fwd+bwd', unit: 'GFLOP/s', batch: 32, checkBatch: 1, batchFor: { 'tfjs-cpu': 1 }, work: (n) => 3 * forwardFlops(n), libs: ['pistil', 'tfjs-cpu', 'tfjs-wasm'], setup },
];
