/**
 * 3-D convolution and transposed convolution built from nn's 2-D kernels, so that they stay
 * differentiable: depth is folded into the batch dim and the kernel's depth taps into the channel
 * dim. Geometry (pads, auto_pad, output_shape, bias) is resolved by the Conv/ConvTranspose
 * handlers in ./conv.ts, which call these on [N, C, D, H, W] tensors.
 */
import { add, conv2d, convTranspose2d, pad, permute, reshape, select, slice, stack } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

type Triple = readonly [number, number, number];

export interface Conv3dOptions {
  readonly stride: Triple;
  readonly dilation: Triple;
  /** Symmetric zero padding per spatial dim (asymmetric pads are applied by the caller). */
  readonly padding: Triple;
  readonly groups: number;
}

/** Per-dim values of a 3-D window as a fixed triple. */
export function triple(values: readonly number[]): Triple {
  return [values[0]!, values[1]!, values[2]!];
}

/**
 * x [N, C, D, H, W] ⋆ w [M, C/g, KD, KH, KW] → [N, M, OD, OH, OW]. Every output depth slice od
 * reads the KD input slices od·s + kd·dil; they are stacked as channels (grouped as
 * [g, KD, C/g] to match the weight reordered to [M, KD·C/g, KH, KW]) and convolved once by conv2d
 * over a batch of N·OD.
 */
export function conv3d(x: Tensor, w: Tensor, options: Conv3dOptions): Tensor {
  const n = x.shape[0]!;
  const [m, cg, kd] = [w.shape[0]!, w.shape[1]!, w.shape[2]!];
  const g = options.groups;
  const [sd, sh, sw] = options.stride;
  const [dd, dh, dw] = options.dilation;
  const [pd, ph, pw] = options.padding;
  const xp = pd > 0 ? pad(x, [0, 0, 0, 0, pd, pd]) : x;
  const [depth, h, wd] = [xp.shape[2]!, xp.shape[3]!, xp.shape[4]!];
  const outD = Math.floor((depth - ((kd - 1) * dd + 1)) / sd) + 1;
  // Tap t: depth slices t·dil, t·dil + s, … (outD of them), as [N, g, C/g, OD, H, W].
  const taps = Array.from({ length: kd }, (_, t) =>
    reshape(slice(xp, 2, t * dd, t * dd + (outD - 1) * sd + 1, sd), [n, g, cg, outD, h, wd]));
  // [N, g, KD, C/g, OD, H, W] → [N, OD, g, KD, C/g, H, W] → [N·OD, g·KD·C/g, H, W].
  const stacked = permute(stack(taps, 2), [0, 4, 1, 2, 3, 5, 6]);
  const x2 = reshape(stacked, [n * outD, g * kd * cg, h, wd]);
  const w2 = reshape(permute(w, [0, 2, 1, 3, 4]), [m, kd * cg, w.shape[3]!, w.shape[4]!]);
  const y2 = conv2d(x2, w2, null, { stride: [sh, sw], dilation: [dh, dw], padding: [ph, pw], groups: g });
  const y = reshape(y2, [n, outD, m, y2.shape[2]!, y2.shape[3]!]);
  return permute(y, [0, 2, 1, 3, 4]);
}

/**
 * The full transposed convolution (no padding, no output_padding) of x [N, C, D, H, W] with
 * w [C, M/g, KD, KH, KW] → [N, M, (D − 1)·s + (KD − 1)·dil + 1, OH, OW]. One convTranspose2d over
 * a batch of N·D computes every depth tap as extra output channels (ordered [g, KD, M/g]); tap kd
 * of input slice d lands on output depth d·s + kd·dil, placed by zero-interleaving and padding.
 */
export function convTranspose3d(x: Tensor, w: Tensor, options: Omit<Conv3dOptions, 'padding'>): Tensor {
  const [n, c, d, h, wd] = x.shape as [number, number, number, number, number];
  const [mg, kd] = [w.shape[1]!, w.shape[2]!];
  const g = options.groups;
  const [sd, sh, sw] = options.stride;
  const [dd, dh, dw] = options.dilation;
  const x2 = reshape(permute(x, [0, 2, 1, 3, 4]), [n * d, c, h, wd]);
  const w2 = reshape(permute(w, [0, 2, 1, 3, 4]), [c, kd * mg, w.shape[3]!, w.shape[4]!]);
  const y2 = convTranspose2d(x2, w2, null, { stride: [sh, sw], dilation: [dh, dw], groups: g });
  const [oh, ow] = [y2.shape[2]!, y2.shape[3]!];
  const taps = reshape(y2, [n, d, g, kd, mg, oh, ow]);
  const strided = (d - 1) * sd + 1;
  const full = strided + (kd - 1) * dd;
  let sum: Tensor | undefined;
  for (let t = 0; t < kd; t++) {
    // [N, D, M, OH, OW]: this tap's contribution of each input depth slice.
    let tap = reshape(select(taps, 3, t), [n, d, g * mg, oh, ow]);
    if (sd > 1) {
      // Interleave s − 1 zero slices after each one (dropping the trailing ones): slice i → depth i·s.
      const spread = pad(reshape(tap, [n, d, 1, g * mg, oh, ow]), [0, 0, 0, 0, 0, 0, 0, sd - 1]);
      tap = pad(reshape(spread, [n, d * sd, g * mg, oh, ow]), [0, 0, 0, 0, 0, 0, 0, strided - d * sd]);
    }
    const placed = pad(tap, [0, 0, 0, 0, 0, 0, t * dd, full - strided - t * dd]);
    sum = sum ? add(sum, placed) : placed;
  }
  return permute(sum!, [0, 2, 1, 3, 4]);
}
