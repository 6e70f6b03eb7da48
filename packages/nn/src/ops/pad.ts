import { ShapeError, fmtShape } from '@pistil/backend';
import type { PadMode, Pair } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { scatterAddAxis } from './gather-axis.js';
import { padConstant } from './pad-constant.js';
import { hostIndex, viaOps, withDim } from './shape-util.js';
import { stridedSlice } from './strided-slice.js';

/**
 * Pads x as PyTorch's `F.pad`: `pads` lists [before, after] pairs starting from the LAST dim —
 * [left, right] pads the last dim, [left, right, top, bottom] the last two, and so on.
 * Modes: 'constant' fills `value` (negative pads crop, as PyTorch); 'reflect' mirrors without
 * repeating the edge (each pad must be < the dim's size); 'replicate' repeats the edge.
 * Unlike PyTorch, reflect/replicate accept any rank and any number of padded dims.
 */
export function pad(x: Tensor, pads: readonly number[], mode: PadMode = 'constant', value = 0): Tensor {
  if (pads.length % 2 !== 0 || pads.length > 2 * x.rank)
    throw new ShapeError(`pad: pads must hold an even number of values, at most 2 per dim (${2 * x.rank} for ${fmtShape(x.shape)}), got [${pads.join(', ')}]`);
  if (!pads.every((p) => Number.isInteger(p))) throw new ShapeError(`pad: pads must be integers, got [${pads.join(', ')}]`);
  if (mode !== 'constant' && mode !== 'reflect' && mode !== 'replicate') throw new ShapeError(`pad: unknown mode '${String(mode)}'; expected 'constant', 'reflect' or 'replicate'`);
  const pairs: [number, number][] = x.shape.map(() => [0, 0]);
  for (let k = 0; k < pads.length / 2; k++) pairs[x.rank - 1 - k] = [pads[2 * k]!, pads[2 * k + 1]!];
  if (mode === 'constant') return padConstantCropping(x, pairs, value);

  pairs.forEach(([b, a], d) => {
    const n = x.shape[d]!;
    if (b < 0 || a < 0) throw new ShapeError(`pad: negative pads are only allowed in 'constant' mode, got [${pads.join(', ')}]`);
    if (mode === 'reflect' && (b >= n || a >= n) && (b > 0 || a > 0))
      throw new ShapeError(`pad: 'reflect' padding [${b}, ${a}] of dim ${d} must be smaller than its size ${n} in ${fmtShape(x.shape)}`);
    if (mode === 'replicate' && n === 0 && (b > 0 || a > 0))
      throw new ShapeError(`pad: 'replicate' cannot pad dim ${d} of size 0 in ${fmtShape(x.shape)}`);
  });
  const y = runKernel('pad', { x }, { pads: pairs, mode, value: 0 });
  return record('pad', [x], y, (dy) => [unpadGather(dy, x, pairs, mode)]);
}

/** Constant padding where negative pads crop first (a slice), then positive pads pad. */
function padConstantCropping(x: Tensor, pairs: readonly Pair[], value: number): Tensor {
  if (pairs.every(([b, a]) => b >= 0 && a >= 0) || x.rank === 0) return padConstant(x, pairs, value);
  const begin = pairs.map(([b]) => Math.max(0, -b));
  const size = pairs.map(([b, a], d) => Math.max(0, x.shape[d]! - Math.max(0, -b) - Math.max(0, -a)));
  if (pairs.some(([b, a], d) => x.shape[d]! + b + a < 0))
    throw new ShapeError(`pad: negative pads [${pairs.map((p) => p.join(', ')).join('; ')}] crop more than ${fmtShape(x.shape)} holds`);
  return viaOps([x], () => padConstant(stridedSlice(x, begin, size, x.shape.map(() => 1), 'pad'), pairs.map(([b, a]) => [Math.max(0, b), Math.max(0, a)] as const), value));
}

/** Which input position each output position of a reflect/replicate pad reads, along one dim. */
function sourceMap(n: number, before: number, after: number, mode: 'reflect' | 'replicate'): number[] {
  return Array.from({ length: n + before + after }, (_, o) => {
    const i = o - before;
    if (i >= 0 && i < n) return i;
    if (mode === 'replicate') return i < 0 ? 0 : n - 1;
    return i < 0 ? -i : 2 * (n - 1) - i;
  });
}

/**
 * Backward of reflect/replicate padding: the pad is a gather along each padded dim (separably),
 * so its gradient scatter-adds dy back dim by dim with host-built maps (they depend only on shapes).
 */
function unpadGather(dy: Tensor, x: Tensor, pairs: readonly Pair[], mode: 'reflect' | 'replicate'): Tensor {
  let g = dy;
  pairs.forEach(([b, a], d) => {
    if (b === 0 && a === 0) return;
    const map = sourceMap(x.shape[d]!, b, a, mode);
    const idx = hostIndex(map, [map.length], dy.device);
    const prev = g;
    g = scatterAddAxis(g, idx, d, withDim(g.shape, d, x.shape[d]!), 'pad');
    if (!g.gradFn) {
      idx.dispose();
      if (prev !== dy) prev.dispose();
    }
  });
  return g;
}
