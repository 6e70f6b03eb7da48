import type { Tensor } from '../tensor.js';
import { cast } from './cast.js';
import { unaryKernel } from './math-util.js';

/** NOT x elementwise; any dtype, nonzero (and NaN) counting as true; output bool. */
export function logicalNot(x: Tensor): Tensor {
  if (x.dtype === 'bool') return unaryKernel('logicalNot', 'logicalNot', x, null, {}, ['bool']);
  const b = cast(x, 'bool');
  const y = unaryKernel('logicalNot', 'logicalNot', b, null, {}, ['bool']);
  b.dispose();
  return y;
}
