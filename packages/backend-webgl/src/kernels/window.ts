/**
 * GLSL for sliding windows along one spatial axis (convolution and pooling), constants baked in.
 * Output position o reads input o·stride − pad + t·dilation at tap t ∈ [0, kernel).
 */

export interface WindowAxis {
  /** Input length. */
  size: number;
  /** Output length. */
  out: number;
  kernel: number;
  stride: number;
  pad: number;
  dilation: number;
}

/** `a / d` for a GLSL int expression `a` ≥ 0, written plainly when d is 1. */
function over(a: string, d: number): string {
  return d === 1 ? a : `(${a}) / ${d}`;
}

/**
 * Declares int `${k}0`, `${k}1`: the taps [first, end) of output position `o` whose input index
 * lies in [0, size) — computed once per fragment, so the tap loops need no bounds checks.
 */
export function tapRange(o: string, ax: WindowAxis, k: string): string {
  const d = ax.dilation;
  return [
    `int ${k}s = ${o} * ${ax.stride} - ${ax.pad};`,
    `int ${k}0 = ${k}s >= 0 ? 0 : min(${over(`${d - 1} - ${k}s`, d)}, ${ax.kernel});`,
    `int ${k}e = ${ax.size - 1} - ${k}s;`,
    `int ${k}1 = ${k}e < 0 ? ${k}0 : max(${k}0, min(${ax.kernel}, ${over(`${k}e`, d)} + 1));`,
  ].join('\n  ');
}

/**
 * Declares int `${o}0`, `${o}1`: the output positions [first, last] whose window spans input
 * index `i` (with dilation, a window may span i without a tap on it: `tapOf` tells).
 */
export function windowsOver(i: string, ax: WindowAxis, o: string): string {
  return [
    `int ${o}a = ${i} + ${ax.pad - (ax.kernel - 1) * ax.dilation};`,
    `int ${o}0 = ${o}a <= 0 ? 0 : ${over(`${o}a + ${ax.stride - 1}`, ax.stride)};`,
    `int ${o}1 = min(${over(`${i} + ${ax.pad}`, ax.stride)}, ${ax.out - 1});`,
  ].join('\n  ');
}

/**
 * Declares int `${t}` = the tap of window `o` that lands on input `i` (o from `windowsOver`), and,
 * with dilation, `continue`s when there is none.
 */
export function tapOf(i: string, o: string, ax: WindowAxis, t: string): string {
  const off = `${i} + ${ax.pad} - ${o} * ${ax.stride}`;
  if (ax.dilation === 1) return `int ${t} = ${off};`;
  return `int ${t}r = ${off};\n    if (${t}r - (${t}r / ${ax.dilation}) * ${ax.dilation} != 0) continue;\n    int ${t} = ${t}r / ${ax.dilation};`;
}

/** Whether every window of the axis lies wholly inside the input (no tap ever on padding). */
export function allInside(ax: WindowAxis): boolean {
  return ax.out === 0 || (ax.pad === 0 && (ax.out - 1) * ax.stride - ax.pad + (ax.kernel - 1) * ax.dilation <= ax.size - 1);
}

export function axesOf(
  inSize: readonly [number, number],
  outSize: readonly [number, number],
  kernel: readonly [number, number],
  stride: readonly [number, number],
  pads: readonly [number, number, number, number],
  dilation: readonly [number, number],
): [WindowAxis, WindowAxis] {
  return [0, 1].map((a) => ({ size: inSize[a]!, out: outSize[a]!, kernel: kernel[a]!, stride: stride[a]!, pad: pads[a]!, dilation: dilation[a]! })) as [WindowAxis, WindowAxis];
}
