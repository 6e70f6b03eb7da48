/** Every op the importer implements, from an explicit list per family. */
import type { OpDef } from '../op-types.js';
import { LOSS_OPS } from './loss/index.js';
import { MATH_OPS } from './math/index.js';
import { NN_OPS } from './nn/index.js';
import { RECURRENT_OPS } from './recurrent/index.js';
import { SHAPE_OPS } from './shape/index.js';

const OPS = new Map<string, OpDef>();
for (const def of [...MATH_OPS, ...NN_OPS, ...SHAPE_OPS, ...LOSS_OPS, ...RECURRENT_OPS]) {
  if (OPS.has(def.opType)) throw new Error(`ONNX op ${def.opType} is registered twice`);
  OPS.set(def.opType, def);
}

export function findOp(opType: string): OpDef | undefined {
  return OPS.get(opType);
}

/** Every supported op, sorted by name (for docs and `pistil-onnx inspect`). */
export function supportedOps(): OpDef[] {
  return [...OPS.values()].sort((a, b) => a.opType.localeCompare(b.opType));
}
