/** Convolutions, pooling, dense layers, normalization and resizing. */
import type { OpDef } from '../../op-types.js';

export const NN_OPS: readonly OpDef[] = [];
