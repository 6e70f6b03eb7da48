import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { single } from './conv-args.js';
import type { Int1, IntPair } from './conv-args.js';
import { Temps, requireFloats, reword } from './linalg-util.js';
import { reshape } from './reshape.js';

/** 1-D size arguments of a pool, as [1, v] pairs for the 2-D op (stride null/undefined stays so). */
export function pair1d(op: string, name: string, v: Int1 | null | undefined, fill: number): IntPair | undefined {
  if (v === null || v === undefined) return undefined;
  return [fill, single(op, name, v)];
}

/**
 * Internal: runs a 2-D pool on x [N, C, L] (or [C, L]) seen as [N, C, 1, L], returning [N, C, OL];
 * ShapeErrors from the 2-D op are reworded to name the 1-D op and its input.
 */
export function pool1dVia2d(op: string, x: Tensor, pool2d: (x4: Tensor) => Tensor): Tensor {
  requireFloats(op, x);
  if (x.rank !== 2 && x.rank !== 3) throw new ShapeError(`${op}: input must be [N, C, L] or [C, L], got ${fmtShape(x.shape)}`);
  const temps = new Temps();
  const x4 = temps.add(reshape(x, [...x.shape.slice(0, -1), 1, x.shape[x.rank - 1]!]));
  let y4: Tensor;
  try {
    y4 = temps.add(reword(op, `input ${fmtShape(x.shape)}`, () => pool2d(x4)));
  } catch (err) {
    temps.dispose();
    throw err;
  }
  return temps.finish(reshape(y4, [...x.shape.slice(0, -1), y4.shape[y4.rank - 1]!]));
}
