/**
 * PyTorch's 2-D pooling geometry (as @pistil/nn's pool-args): output size with ceilMode's rule
 * (the last window must start inside the input or the left padding), and the extra bottom/right
 * padding that makes a floor-mode ONNX pool produce those ceilMode windows.
 */
type IntPair = number | readonly [number, number];

export interface PoolGeometry {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly dilation: readonly [number, number];
  /** ONNX pads [top, left, bottom, right], ceilMode's extra included. */
  readonly pads: readonly [number, number, number, number];
  /** The extra bottom/right padding ceilMode adds. */
  readonly extra: readonly [number, number];
}

const pairOf = (v: IntPair): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

function outSize(size: number, k: number, s: number, p: number, d: number, ceilMode: boolean): number {
  let out = Math.floor((size + 2 * p - d * (k - 1) - 1 + (ceilMode ? s - 1 : 0)) / s) + 1;
  if (ceilMode && (out - 1) * s >= size + p) out--;
  return out;
}

/** The geometry of pooling x [N, C, H, W]; undefined when the layer would reject it (its forward then says why). */
export function planPool(
  shape: readonly number[], kernelSize: IntPair, stride: IntPair | null | undefined, padding: IntPair | undefined, dilation: IntPair | undefined, ceilMode: boolean,
): PoolGeometry | undefined {
  const kernel = pairOf(kernelSize);
  const st = pairOf(stride ?? kernel);
  const pad = pairOf(padding ?? 0);
  const dil = pairOf(dilation ?? 1);
  const hw = [shape[2]!, shape[3]!];
  const extra = [0, 0] as [number, number];
  for (const i of [0, 1] as const) {
    const out = outSize(hw[i]!, kernel[i], st[i], pad[i], dil[i], ceilMode);
    if (!(out >= 1) || pad[i] > Math.floor(kernel[i] / 2)) return undefined;
    extra[i] = Math.max(0, (out - 1) * st[i] + dil[i] * (kernel[i] - 1) + 1 - (hw[i]! + 2 * pad[i]));
  }
  return { kernel, stride: st, dilation: dil, pads: [pad[0], pad[1], pad[0] + extra[0], pad[1] + extra[1]], extra };
}
