import type { DType } from '@pistil/backend';
import { record } from '../autograd/record.js';
import { runKernel } from '../engine.js';
import { Tensor } from '../tensor.js';
import { sumToShape } from './binary.js';
import { cast } from './cast.js';
import { ge } from './ge.js';
import { gt } from './gt.js';
import { le } from './le.js';
import { logicalAnd } from './logical-and.js';
import { logicalOr } from './logical-or.js';
import { lt } from './lt.js';
import { NUMERIC_DTYPES, checkBroadcast, recording, unaryKernel } from './math-util.js';
import { promoteTypes, requireDType, scalarDType } from './util.js';
import type { TensorLike } from './util.js';
import { where } from './where.js';

type Bound = TensorLike | null | undefined;

/**
 * min(max(x, min), max); either bound may be omitted (null/undefined), a number or a tensor
 * (broadcast with x). NaN stays NaN. As PyTorch, the gradient passes to x where min ≤ x ≤ max;
 * tensor bounds get the gradient where they are the value taken (max wins if min > max).
 */
export function clamp(x: Tensor, min?: Bound, max?: Bound): Tensor {
  if ((min === undefined || min === null) && (max === undefined || max === null))
    throw new TypeError('clamp: at least one of min and max must be given');
  requireDType('clamp', x, NUMERIC_DTYPES);
  if (!(min instanceof Tensor) && !(max instanceof Tensor)) {
    const lo = min ?? -Infinity;
    const hi = max ?? Infinity;
    if (x.dtype === 'int32' && !(Number.isInteger(lo) || lo === -Infinity) || x.dtype === 'int32' && !(Number.isInteger(hi) || hi === Infinity)) {
      // As PyTorch, an int tensor clamped to a fractional bound gives float32.
      const xf = cast(x, 'float32');
      const y = clamp(xf, min, max);
      xf.dispose();
      return y;
    }
    return unaryKernel('clamp', 'clamp', x, (dy, x) => where(logicalAnd(ge(x, lo), le(x, hi)), dy, 0), { alpha: lo, beta: hi }, NUMERIC_DTYPES);
  }
  return clampTensor(x, min ?? null, max ?? null);
}

function clampTensor(x: Tensor, min: TensorLike | null, max: TensorLike | null): Tensor {
  checkBroadcast('clamp', x, ...(min === null ? [] : [min]), ...(max === null ? [] : [max]));
  let dtype: DType = x.dtype;
  for (const b of [min, max]) {
    if (b instanceof Tensor) {
      requireDType('clamp', b, NUMERIC_DTYPES);
      dtype = promoteTypes(dtype, b.dtype);
    }
  }
  for (const b of [min, max]) if (typeof b === 'number') dtype = promoteTypes(dtype, scalarDType(b, dtype));
  const temps: Tensor[] = [];
  const convert = (v: TensorLike | null): Tensor | null => {
    if (v === null) return null;
    if (v instanceof Tensor && v.dtype === dtype) return v;
    const t = v instanceof Tensor ? cast(v, dtype) : runKernel('fill', {}, { shape: [], dtype, value: v }, x.device);
    temps.push(t);
    return t;
  };
  const tx = convert(x)!;
  const lo = convert(min);
  const hi = convert(max);
  let y = tx;
  if (lo) y = runKernel('binary', { a: y, b: lo }, { op: 'maximum' });
  if (hi) {
    const z = runKernel('binary', { a: y, b: hi }, { op: 'minimum' });
    if (y !== tx) y.dispose();
    y = z;
  }
  const inputs = [tx, ...(lo ? [lo] : []), ...(hi ? [hi] : [])];
  if (!recording(inputs)) {
    for (const t of temps) t.dispose();
    return y;
  }
  return record('clamp', inputs, y, (dy, needs) => {
    const grads: (Tensor | null)[] = [];
    // x: where min ≤ x ≤ max (a missing bound does not mask).
    const inside = lo && hi ? logicalAnd(ge(tx, lo), le(tx, hi)) : lo ? ge(tx, lo) : le(tx, hi!);
    grads.push(needs[0] ? sumToShape(where(inside, dy, 0), tx.shape) : null);
    if (lo) {
      // min: where x < min, and min < max when both are given (else max is taken).
      const takesMin = hi ? logicalAnd(lt(tx, lo), lt(lo, hi)) : lt(tx, lo);
      grads.push(needs[1] ? sumToShape(where(takesMin, dy, 0), lo.shape) : null);
    }
    if (hi) {
      // max: where x > max, or wherever max < min.
      const takesMax = lo ? logicalOr(gt(tx, hi), lt(hi, lo)) : gt(tx, hi);
      grads.push(needs[grads.length] ? sumToShape(where(takesMax, dy, 0), hi.shape) : null);
    }
    return grads;
  });
}
