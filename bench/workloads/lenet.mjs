// LeNet: conv 6@5×5 pad 2 → relu → maxpool 2 → conv 16@5×5 → relu → maxpool 2 → flatten →
// 120 → relu → 84 → relu → 10. A training step at batch 64 (softmax cross-entropy, SGD momentum
// 0.9) and inference at batch 1 and 256.
import { canonicalWeights, labels, uniform } from '../lib/common.mjs';
import { loadPistilWeights, pistilTrainer, tfjsTrainer } from '../lib/train.mjs';
import { conv, flattenedLinear, linear, readTf, vector } from '../lib/tfjs-layout.mjs';

const SPEC = {
  'conv1.weight': { shape: [6, 1, 5, 5] }, 'conv1.bias': { shape: [6], fanIn: 25 },
  'conv2.weight': { shape: [16, 6, 5, 5] }, 'conv2.bias': { shape: [16], fanIn: 150 },
  'fc1.weight': { shape: [120, 400] }, 'fc1.bias': { shape: [120], fanIn: 400 },
  'fc2.weight': { shape: [84, 120] }, 'fc2.bias': { shape: [84], fanIn: 120 },
  'fc3.weight': { shape: [10, 84] }, 'fc3.bias': { shape: [10], fanIn: 84 },
};
const LAYOUTS = {
  'conv1.weight': conv, 'conv1.bias': vector, 'conv2.weight': conv, 'conv2.bias': vector,
  'fc1.weight': flattenedLinear(16, 5, 5), 'fc1.bias': vector,
  'fc2.weight': linear, 'fc2.bias': vector, 'fc3.weight': linear, 'fc3.bias': vector,
};
const weights = () => canonicalWeights(SPEC, 1);
const images = (n) => ({ shape: [n, 1, 28, 28], data: uniform(n * 784, 0, 1, 100 + n) });

function pistilLeNet(pt) {
  const { Sequential, Conv2d, ReLU, MaxPool2d, Flatten, Linear } = pt;
  return new Sequential(
    new Conv2d(1, 6, 5, { padding: 2 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10),
  );
}

/** tfjs-core ops, fused bias + relu as tfjs-layers' Conv2D and Dense do; x is NHWC. */
function tfjsLeNet(tf, v, x) {
  let h = tf.fused.conv2d({ x, filter: v['conv1.weight'], strides: 1, pad: 'same', bias: v['conv1.bias'], activation: 'relu' });
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.fused.conv2d({ x: h, filter: v['conv2.weight'], strides: 1, pad: 'valid', bias: v['conv2.bias'], activation: 'relu' });
  h = tf.maxPool(h, 2, 2, 'valid');
  h = tf.reshape(h, [h.shape[0], 400]);
  h = tf.fused.matMul({ a: h, b: v['fc1.weight'], bias: v['fc1.bias'], activation: 'relu' });
  h = tf.fused.matMul({ a: h, b: v['fc2.weight'], bias: v['fc2.bias'], activation: 'relu' });
  return tf.fused.matMul({ a: h, b: v['fc3.weight'], bias: v['fc3.bias'] });
}

async function setupTrain(lib, env, batch) {
  const x = images(batch);
  const y = labels(batch, 10, 7);
  if (lib === 'pistil') return pistilTrainer(env, { model: pistilLeNet(env.pt), weights: weights(), x, y });
  // NCHW with C = 1 has the NHWC layout already.
  return tfjsTrainer(env, { layouts: LAYOUTS, weights: weights(), forward: (v, xs) => tfjsLeNet(env.tf, v, xs), x: env.tf.tensor(x.data, [batch, 28, 28, 1]), y });
}

async function setupInfer(lib, env, batch) {
  const x = images(batch);
  if (lib === 'pistil' || lib === 'ort') {
    const { pt, exportOnnx } = lib === 'ort' ? env.pistil : env;
    const model = pistilLeNet(pt);
    loadPistilWeights(pt, model, weights());
    model.eval();
    const xs = pt.tensor(x.data, { shape: x.shape });
    if (lib === 'pistil') {
      const run = () => pt.noGrad(() => pt.tidy(() => model.call(xs).dataSync().slice()));
      return { check: () => ({ output: Array.from(run()) }), step: run };
    }
    const { ort, sessionOptions } = env;
    const session = await ort.InferenceSession.create(await exportOnnx(model, xs), sessionOptions);
    const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', x.data, x.shape) };
    const run = async () => (await session.run(feeds))[session.outputNames[0]].data;
    return { check: async () => ({ output: Array.from(await run()) }), step: run };
  }
  const { tf } = env;
  const v = {};
  const w = weights();
  for (const name of Object.keys(w)) v[name] = LAYOUTS[name].toTf(tf, w[name]);
  const xs = tf.tensor(x.data, [batch, 28, 28, 1]);
  const run = () => readTf(tf, () => tfjsLeNet(tf, v, xs));
  return { check: () => ({ output: Array.from(run()) }), step: run };
}

const ALL = ['pistil', 'tfjs-cpu', 'tfjs-wasm', 'ort'];
const perImage = (batch) => batch;
export default [
  // The check runs 2 steps at batch 8: tfjs-cpu takes seconds per step at 64.
  { id: 'lenet-train', title: 'LeNet training step, batch 64', unit: 'images/s', batch: 64, checkBatch: 8, work: perImage, libs: ['pistil', 'tfjs-cpu', 'tfjs-wasm'], setup: setupTrain },
  { id: 'lenet-infer-b1', title: 'LeNet inference, batch 1', unit: 'images/s', batch: 1, work: perImage, libs: ALL, setup: setupInfer },
  { id: 'lenet-infer-b256', title: 'LeNet inference, batch 256', unit: 'images/s', batch: 256, work: perImage, libs: ALL, setup: setupInfer },
];
