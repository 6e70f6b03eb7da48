/** Kernel taps [first, end) of output position `o` whose input index o·stride − pad + t·dilation lies in [0, size). */
export function tapRange(o: number, stride: number, pad: number, dilation: number, kernel: number, size: number): [number, number] {
  const start = o * stride - pad;
  const first = start >= 0 ? 0 : Math.ceil(-start / dilation);
  const end = Math.min(kernel, Math.floor((size - 1 - start) / dilation) + 1);
  return [Math.min(first, kernel), Math.max(first, end)];
}
