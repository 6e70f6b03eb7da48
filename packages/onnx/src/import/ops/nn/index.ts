/** Convolutions, pooling, dense layers, normalization and resizing. */
import type { OpDef } from '../../op-types.js';
import { BATCH_NORM_OPS } from './batch-norm.js';
import { CONV_OPS } from './conv.js';
import { DENSE_OPS } from './dense.js';
import { DEPTH_SPACE_OPS } from './depth-space.js';
import { GLOBAL_POOL_OPS } from './global-pool.js';
import { NORMALIZATION_OPS } from './normalization.js';
import { POOL_OPS } from './pooling.js';
import { RESIZE_OPS } from './resize.js';

export const NN_OPS: readonly OpDef[] = [
  ...CONV_OPS,
  ...DENSE_OPS,
  ...POOL_OPS,
  ...GLOBAL_POOL_OPS,
  ...BATCH_NORM_OPS,
  ...NORMALIZATION_OPS,
  ...RESIZE_OPS,
  ...DEPTH_SPACE_OPS,
];
