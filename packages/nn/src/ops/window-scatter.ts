import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import { Tensor } from '../tensor.js';
import type { WindowChoice } from './window-map.js';
import { windowSelect } from './window-select.js';

/**
 * Internal: adds dy [N, C, OH, OW] onto the chosen tap of every window → [N, C, H, W] (max
 * pooling's gradient, overlapping windows adding up). Linear in dy; its gradient is windowSelect.
 */
export function windowScatter(dy: Tensor, choice: WindowChoice): Tensor {
  const { map, lead: [n, c] } = choice;
  const p = map.outH * map.outW;
  const column = Tensor.view(dy, [n, c, p, 1]);
  const zero = runKernel('fill', {}, { shape: [], dtype: dy.dtype, value: 0 }, dy.device);
  const spread = runKernel('where', { condition: choice.oneHot, a: column, b: zero }, {});
  const updates = Tensor.view(spread, [n, c, p * map.taps]);
  const planes = runKernel('scatterAdd', { updates, indices: choice.indices }, { axis: 2, shape: [n, c, map.h * map.w + 1] });
  const cut = runKernel('slice', { x: planes }, { begin: [0, 0, 0], size: [n, c, map.h * map.w], step: [1, 1, 1] });
  for (const t of [column, zero, spread, updates, planes]) t.dispose();
  const dx = Tensor.view(cut, [n, c, map.h, map.w]);
  cut.dispose();
  return record('windowScatter', [dy], dx, (g) => [windowSelect(g, choice)]);
}
