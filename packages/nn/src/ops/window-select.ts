import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import { Tensor } from '../tensor.js';
import { gatherWindows } from './window-map.js';
import type { WindowChoice } from './window-map.js';
import { windowScatter } from './window-scatter.js';

/**
 * Internal: g [N, C, H, W] read at the chosen tap of every window → [N, C, OH, OW] (with the
 * argmax choice of x this is max pooling's forward, and the adjoint of its gradient). Linear in g;
 * its gradient is windowScatter.
 */
export function windowSelect(g: Tensor, choice: WindowChoice): Tensor {
  const { map, lead: [n, c] } = choice;
  const windows = gatherWindows(g, map, choice.indices, 0);
  const grid = Tensor.view(windows, [n, c, map.outH * map.outW, map.taps]);
  const zero = runKernel('fill', {}, { shape: [], dtype: g.dtype, value: 0 }, g.device);
  const picked = runKernel('where', { condition: choice.oneHot, a: grid, b: zero }, {});
  const summed = runKernel('reduce', { x: picked }, { op: 'sum', axes: [3] });
  for (const t of [windows, grid, zero, picked]) t.dispose();
  const y = Tensor.view(summed, [n, c, map.outH, map.outW]);
  summed.dispose();
  return record('windowSelect', [g], y, (dy) => [windowScatter(dy, choice)]);
}
