/** Shape manipulation, indexing, reductions and the host-side shape arithmetic exporters emit. */
import type { OpDef } from '../../op-types.js';
import { GATHER_OPS } from './gather.js';
import { GENERATOR_OPS } from './generators.js';
import { LAYOUT_OPS } from './layout.js';
import { PAD_OPS } from './pad.js';
import { REDUCE_OPS } from './reduce.js';
import { RESHAPE_OPS } from './reshape.js';
import { SCATTER_OPS } from './scatter.js';
import { SHAPE_OF_OPS } from './shape-of.js';
import { SLICE_OPS } from './slice.js';
import { TOP_K_OPS } from './top-k.js';
import { TRIANGULAR_OPS } from './triangular.js';

export const SHAPE_OPS: readonly OpDef[] = [
  ...SHAPE_OF_OPS,
  ...RESHAPE_OPS,
  ...LAYOUT_OPS,
  ...SLICE_OPS,
  ...GATHER_OPS,
  ...SCATTER_OPS,
  ...PAD_OPS,
  ...REDUCE_OPS,
  ...GENERATOR_OPS,
  ...TRIANGULAR_OPS,
  ...TOP_K_OPS,
];
