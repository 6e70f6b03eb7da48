/** Shape manipulation, indexing, reductions and the host-side shape arithmetic exporters emit. */
import type { OpDef } from '../../op-types.js';

export const SHAPE_OPS: readonly OpDef[] = [];
