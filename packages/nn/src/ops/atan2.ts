import { add } from './add.js';
import { binaryOp } from './binary.js';
import { div } from './div.js';
import { checkBroadcast } from './math-util.js';
import { mul } from './mul.js';
import { neg } from './neg.js';
import { square } from './square.js';
import { Tensor } from '../tensor.js';
import type { TensorLike } from './util.js';

/** The angle of the point (b, a), atan(a / b) in the right quadrant; integer operands give float32. */
export function atan2(a: TensorLike, b: TensorLike): Tensor {
  checkBroadcast('atan2', a, b);
  const ints = [a, b].every((v) => !(v instanceof Tensor) || (v.dtype !== 'float32' && v.dtype !== 'float64'));
  return binaryOp('atan2', a, b, (dy, ta, tb, _y, needs) => {
    // d/da = b / (a² + b²), d/db = −a / (a² + b²)
    const r2 = add(square(ta), square(tb));
    return [needs[0] ? div(mul(dy, tb), r2) : null, needs[1] ? neg(div(mul(dy, ta), r2)) : null];
  }, ints ? 'float32' : null);
}
