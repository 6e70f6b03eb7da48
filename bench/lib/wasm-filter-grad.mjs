// tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter kernel, so conv2d's weight gradient (and
// so training) throws there. This registers one built from ops the wasm backend has, as one
// XNNPACK convolution: dW[kh, kw, c, o] = Σ_{n, i, j} xpad[n, kh + s·i, kw + s·j, c] · dy[n, i, j, o]
// is a 'valid' conv of xpad viewed as [C, H, W, N] (channels as batch, batch as channels) with dy
// viewed as an [OH, OW, N, O] filter, dilated by the stride.

export function registerWasmConv2dBackpropFilter(tf) {
  if (tf.getKernel('Conv2DBackpropFilter', 'wasm')) return; // a later tfjs may ship its own
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'wasm',
    kernelFunc: ({ inputs, attrs }) => {
      const { x, dy } = inputs;
      const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs;
      if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter (bench patch): only NHWC, got ${dataFormat}`);
      const info = tf.backend_util.computeConv2DInfo(x.shape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
      const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, padInfo } = info;
      return tf.tidy(() => {
        const xp = tf.pad(x, [[0, 0], [padInfo.top, padInfo.bottom], [padInfo.left, padInfo.right], [0, 0]]);
        const xt = tf.transpose(xp, [3, 1, 2, 0]); // [C, Hp, Wp, N]
        const dyt = tf.transpose(dy, [1, 2, 0, 3]); // [OH, OW, N, O]
        let dw = tf.conv2d(xt, dyt, 1, 'valid', 'NHWC', [sh, sw]); // [C, ≥KH, ≥KW, O]
        if (dw.shape[1] !== kh || dw.shape[2] !== kw) dw = tf.slice(dw, [0, 0, 0, 0], [-1, kh, kw, -1]);
        return tf.transpose(dw, [1, 2, 0, 3]); // [KH, KW, C, O]
      });
    },
  });
}
