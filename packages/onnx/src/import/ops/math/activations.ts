import { relu } from '@pistil/nn';
import type { OpDef } from '../../op-types.js';

export const ACTIVATION_OPS: readonly OpDef[] = [
  { opType: 'Relu', since: 1, run: (ctx) => relu(ctx.tensor(0)) },
];
