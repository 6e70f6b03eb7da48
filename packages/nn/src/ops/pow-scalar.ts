import type { Tensor } from '../tensor.js';
import { binaryOp } from './binary.js';
import { mul } from './mul.js';

/** Internal: x^p for a JS number p, with gradient p·x^(p−1) (recorded, so it differentiates again). */
export function powScalar(x: Tensor, p: number): Tensor {
  return binaryOp('pow', x, p, (dy, tx, _tp, _y, needs) => [needs[0] ? mul(dy, mul(powScalar(tx, p - 1), p)) : null, null]);
}
