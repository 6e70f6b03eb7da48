import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { Temps, requireFloats } from './linalg-util.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';

/** Outer product of two 1-D tensors: [N]⊗[M] → [N, M], out[i][j] = a[i]·b[j] (as `torch.outer`). */
export function outer(a: Tensor, b: Tensor): Tensor {
  requireFloats('outer', a, b);
  if (a.rank !== 1 || b.rank !== 1) throw new ShapeError(`outer: expected two 1-D tensors, got ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const temps = new Temps();
  const col = temps.add(reshape(a, [a.shape[0]!, 1]));
  const row = temps.add(reshape(b, [1, b.shape[0]!]));
  return temps.finish(mul(col, row));
}
