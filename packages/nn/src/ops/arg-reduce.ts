/** Shared forward of argmax and argmin. */
import { ShapeError } from '@pistil/backend';
import { runKernel } from '../engine.js';
import { Tensor } from '../tensor.js';
import { normalizeAxis, requireDType } from './util.js';

function squeezeView(k: Tensor, shape: readonly number[]): Tensor {
  if (shape.length === k.rank) return k;
  const out = Tensor.view(k, shape);
  k.dispose();
  return out;
}

export function argReduce(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepdim: boolean): Tensor {
  requireDType(op, x, ['float32', 'float64', 'int32', 'uint8']);
  if (axis === undefined || x.rank === 0) {
    if (axis !== undefined && axis !== 0 && axis !== -1) throw new ShapeError(`${op}: axis ${axis} is out of range for rank 0`);
    if (x.size === 0) throw new ShapeError(`${op}: cannot take the ${op} of an empty tensor ${x.describe()}`);
    const flat = Tensor.view(x, [x.size]);
    const k = runKernel('argReduce', { x: flat }, { op, axis: 0 });
    flat.dispose();
    return squeezeView(k, keepdim ? x.shape.map(() => 1) : []);
  }
  const a = normalizeAxis(op, axis, x.rank);
  if (x.shape[a] === 0) throw new ShapeError(`${op}: cannot take the ${op} over empty axis ${axis} of ${x.describe()}`);
  const k = runKernel('argReduce', { x }, { op, axis: a });
  return squeezeView(k, keepdim ? k.shape : x.shape.filter((_, i) => i !== a));
}
