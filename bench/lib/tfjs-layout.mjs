// Canonical weights are in PyTorch layout (what Pistil uses); tfjs is channels-last. Each
// converter maps a canonical { shape, data } to a tfjs tensor and a tfjs tensor back to canonical.

/** conv weight [O, C, KH, KW] ⇄ tfjs filter [KH, KW, C, O]. */
export const conv = {
  toTf: (tf, w) => tf.tidy(() => tf.transpose(tf.tensor(w.data, w.shape), [2, 3, 1, 0])),
  fromTf: (tf, t) => tf.transpose(t, [3, 2, 0, 1]),
};

/** linear weight [out, in] ⇄ tfjs matMul operand [in, out]. */
export const linear = {
  toTf: (tf, w) => tf.tidy(() => tf.transpose(tf.tensor(w.data, w.shape))),
  fromTf: (tf, t) => tf.transpose(t),
};

/**
 * The linear layer after a flatten of [C, H, W] features: PyTorch flattens (c, h, w), tfjs
 * (h, w, c), so the weight's input rows are permuted too: [out, C·H·W] ⇄ [H·W·C, out].
 */
export function flattenedLinear(c, h, w) {
  return {
    toTf: (tf, wt) => tf.tidy(() => tf.reshape(tf.transpose(tf.tensor(wt.data, [wt.shape[0], c, h, w]), [2, 3, 1, 0]), [h * w * c, wt.shape[0]])),
    fromTf: (tf, t) => tf.reshape(tf.transpose(tf.reshape(t, [h, w, c, t.shape[1]]), [3, 2, 0, 1]), [t.shape[1], c * h * w]),
  };
}

/** biases, norm scales: the same in both. */
export const vector = {
  toTf: (tf, w) => tf.tensor(w.data, w.shape),
  fromTf: (tf, t) => tf.clone(t),
};

/**
 * The values of the tensor `fn` returns, read after tf.tidy. (Returning a typed array from
 * tf.tidy is slow: tidy walks what it returns element by element looking for tensors.)
 */
export function readTf(tf, fn) {
  const t = tf.tidy(fn);
  const data = t.dataSync();
  t.dispose();
  return data;
}
