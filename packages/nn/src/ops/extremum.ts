/** Shared forward and gradient of the max and min reductions (PyTorch's amax/amin). */
import { ShapeError } from '@pistil/backend';
import { record } from '../autograd/record.js';
import type { Tensor } from '../tensor.js';
import { div } from './div.js';
import { eq } from './eq.js';
import { expandGrad } from './math-util.js';
import { reduceArgs, runReduce } from './reduce.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';
import { isFloat, requireDType } from './util.js';
import { where } from './where.js';

export function extremum(op: 'max' | 'min', x: Tensor, axis: number | readonly number[] | undefined, keepdim: boolean): Tensor {
  requireDType(op, x, ['float32', 'float64', 'int32', 'uint8']);
  const args = reduceArgs(op, x, axis, keepdim);
  if (!isFloat(x) && args.axes.some((a) => x.shape[a] === 0))
    throw new ShapeError(`${op}: cannot reduce an empty axis of ${x.describe()}: an integer ${op} has no identity`);
  const y = runReduce(op, x, args);
  return record(op, [x], y, (dy) => {
    // Every element equal to the result shares the gradient evenly.
    const hit = eq(x, reshape(y, args.keptShape));
    const count = sum(hit, args.axes, true);
    return [div(where(hit, expandGrad(dy, args.keptShape, x.shape), 0), count)];
  });
}
