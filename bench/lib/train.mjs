// One training step (forward, softmax cross-entropy, backward, SGD momentum 0.9) for Pistil and
// for tfjs, from the same canonical weights, plus what the correctness check compares: the loss
// of the first two steps, the first step's gradients, and the weights' change after two steps.
import { minus } from './common.mjs';
import { readTf } from './tfjs-layout.mjs';

export const LR = 0.01;
export const MOMENTUM = 0.9;

function report(names, losses, grads, before, after) {
  const out = { loss: losses };
  names.forEach((name, i) => {
    out[`grad.${name}`] = Array.from(grads[i]);
    out[`delta.${name}`] = minus(after[i], before[i]);
  });
  return out;
}

/** Loads canonical weights into a Pistil module's parameters (same order, same shapes). */
export function loadPistilWeights(pt, module, weights) {
  const params = module.parameters();
  const entries = Object.entries(weights);
  if (params.length !== entries.length) throw new Error(`pistil: ${params.length} parameters, ${entries.length} weights`);
  pt.noGrad(() => params.forEach((p, i) => {
    const [name, { shape, data }] = entries[i];
    if (p.shape.join() !== shape.join()) throw new Error(`pistil: parameter ${i} (${name}) is [${p.shape}], weight is [${shape}]`);
    p.assign(pt.tensor(data, { shape }));
  }));
  return params;
}

/** x: { shape, data } NCHW; y: Int32Array labels. */
export function pistilTrainer({ pt, SGD }, { model, weights, x, y }) {
  const params = loadPistilWeights(pt, model, weights);
  model.train();
  const opt = new SGD(params, { lr: LR, momentum: MOMENTUM });
  const xs = pt.tensor(x.data, { shape: x.shape });
  const ys = pt.tensor(y, { dtype: 'int32' });
  const run = (withGrads) =>
    pt.tidy(() => {
      opt.zeroGrad();
      const loss = pt.crossEntropy(model.call(xs), ys);
      loss.backward();
      const grads = withGrads ? params.map((p) => p.grad.dataSync().slice()) : null;
      opt.step();
      return [loss.item(), grads];
    });
  return {
    check() {
      const [l1, grads] = run(true);
      const [l2] = run(false);
      const after = params.map((p) => p.dataSync().slice());
      return report(Object.keys(weights), [l1, l2], grads, Object.values(weights).map((w) => w.data), after);
    },
    step: () => void run(false),
  };
}

/**
 * vars: { name: converter } in canonical order (converters in tfjs-layout.mjs map a canonical
 * weight to its tfjs layout and back); forward(v, x) → logits with v the tf.Variables by name;
 * x: an NHWC tf.Tensor; y: Int32Array labels.
 */
export function tfjsTrainer({ tf }, { layouts, weights, forward, x, y, classes = 10 }) {
  const names = Object.keys(weights);
  const v = {};
  for (const name of names) v[name] = tf.variable(layouts[name].toTf(tf, weights[name]), true);
  const onehot = tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(y, 'int32'), classes), 'float32'));
  const opt = tf.train.momentum(LR, MOMENTUM);
  const run = (withGrads) => {
    let g = null;
    let loss;
    // Nothing but tensors is returned from tf.tidy (it walks typed arrays element by element).
    tf.tidy(() => {
      const { value, grads } = tf.variableGrads(() => tf.losses.softmaxCrossEntropy(onehot, forward(v, x)), names.map((n) => v[n]));
      if (withGrads) g = names.map((n) => layouts[n].fromTf(tf, grads[v[n].name]).dataSync().slice());
      opt.applyGradients(grads);
      loss = value.dataSync()[0];
    });
    return [loss, g];
  };
  return {
    check() {
      const [l1, grads] = run(true);
      const [l2] = run(false);
      const after = names.map((n) => readTf(tf, () => layouts[n].fromTf(tf, v[n])));
      return report(names, [l1, l2], grads, names.map((n) => weights[n].data), after);
    },
    step: () => void run(false),
  };
}
