/** Elementwise, creation and data-movement kernels. */
import type { KernelTable } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { binary } from './binary.js';
import { broadcastTo } from './broadcast-to.js';
import { cast } from './cast.js';
import { compare } from './compare.js';
import { concat } from './concat.js';
import { fill } from './fill.js';
import { gather } from './gather.js';
import { logical } from './logical.js';
import { pad } from './pad.js';
import { random } from './random.js';
import { scatterAdd } from './scatter-add.js';
import { slice } from './slice.js';
import { transpose } from './transpose.js';
import { unary } from './unary.js';
import { where } from './where.js';

export function registerDataKernels(table: KernelTable<WebGLBackend>): void {
  table.register('unary', unary);
  table.register('binary', binary);
  table.register('compare', compare);
  table.register('logical', logical);
  table.register('where', where);
  table.register('transpose', transpose);
  table.register('broadcastTo', broadcastTo);
  table.register('pad', pad);
  table.register('slice', slice);
  table.register('concat', concat);
  table.register('gather', gather);
  table.register('scatterAdd', scatterAdd);
  table.register('cast', cast);
  table.register('fill', fill);
  table.register('random', random);
}
