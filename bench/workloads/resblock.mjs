// A residual block training step on 64×64×3 images, batch 16: conv3×3 3→32 + BN + relu,
// conv3×3 32→32 + BN, skip add, relu, global average pool, linear 10; softmax cross-entropy,
// SGD momentum 0.9. BatchNorm in train mode (batch statistics, running stats updated).
import { canonicalWeights, labels, nchwToNhwc, uniform } from '../lib/common.mjs';
import { pistilTrainer, tfjsTrainer } from '../lib/train.mjs';
import { conv, linear, vector } from '../lib/tfjs-layout.mjs';

const [C, H, W, F] = [3, 64, 64, 32];
const EPS = 1e-5;
const BN_MOMENTUM = 0.1;

const SPEC = {
  'conv1.weight': { shape: [F, C, 3, 3] }, 'bn1.weight': { shape: [F], init: 'one' }, 'bn1.bias': { shape: [F], init: 'zero' },
  'conv2.weight': { shape: [F, F, 3, 3] }, 'bn2.weight': { shape: [F], init: 'one' }, 'bn2.bias': { shape: [F], init: 'zero' },
  'fc.weight': { shape: [10, F] }, 'fc.bias': { shape: [10], fanIn: F },
};
const LAYOUTS = {
  'conv1.weight': conv, 'bn1.weight': vector, 'bn1.bias': vector,
  'conv2.weight': conv, 'bn2.weight': vector, 'bn2.bias': vector,
  'fc.weight': linear, 'fc.bias': vector,
};

function pistilResBlock(pt) {
  class ResBlock extends pt.Module {
    conv1 = new pt.Conv2d(C, F, 3, { padding: 1, bias: false });
    bn1 = new pt.BatchNorm2d(F);
    conv2 = new pt.Conv2d(F, F, 3, { padding: 1, bias: false });
    bn2 = new pt.BatchNorm2d(F);
    fc = new pt.Linear(F, 10);
    forward(x) {
      const h = this.bn1.call(this.conv1.call(x)).relu();
      const out = this.bn2.call(this.conv2.call(h)).add(h).relu();
      return this.fc.call(out.mean([2, 3]));
    }
  }
  return new ResBlock();
}

/** tfjs-core ops: batch statistics with tf.moments, running statistics updated as Pistil does. */
function tfjsResBlock(tf, N) {
  const running = [1, 2].map(() => ({ mean: tf.variable(tf.zeros([F]), false), variance: tf.variable(tf.ones([F]), false) }));
  const count = N * H * W;
  const bn = (x, i, scale, offset) => {
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    const r = running[i];
    r.mean.assign(tf.add(tf.mul(r.mean, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
    r.variance.assign(tf.add(tf.mul(r.variance, 1 - BN_MOMENTUM), tf.mul(variance, BN_MOMENTUM * count / (count - 1))));
    return tf.batchNorm(x, mean, variance, offset, scale, EPS);
  };
  return (v, x) => {
    const h = tf.relu(bn(tf.conv2d(x, v['conv1.weight'], 1, 'same'), 0, v['bn1.weight'], v['bn1.bias']));
    const out = tf.relu(tf.add(bn(tf.conv2d(h, v['conv2.weight'], 1, 'same'), 1, v['bn2.weight'], v['bn2.bias']), h));
    return tf.fused.matMul({ a: tf.mean(out, [1, 2]), b: v['fc.weight'], bias: v['fc.bias'] });
  };
}

async function setup(lib, env, N) {
  const weights = canonicalWeights(SPEC, 31);
  const x = { shape: [N, C, H, W], data: uniform(N * C * H * W, 0, 1, 32) };
  const y = labels(N, 10, 33);
  if (lib === 'pistil') return pistilTrainer(env, { model: pistilResBlock(env.pt), weights, x, y });
  const { tf } = env;
  return tfjsTrainer(env, { layouts: LAYOUTS, weights, forward: tfjsResBlock(tf, N), x: tf.tensor(nchwToNhwc(x.data, x.shape), [N, H, W, C]), y });
}

export default [
  // tfjs-cpu's filter gradient makes a step take ~5 s per image: it is checked and timed at batch 1.
  { id: 'resblock-train', title: 'Residual block training step, 64×64×3, batch 16', unit: 'images/s', batch: 16, checkBatch: 1, batchFor: { 'tfjs-cpu': 1 }, work: (n) => n, libs: ['pistil', 'tfjs-cpu', 'tfjs-wasm'], setup },
];
