import { ShapeError, fmtShape, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { NUMERIC_DTYPES, requireDType } from '../helpers/checks.js';

export const argReduce: KernelImpl<CpuBackend, 'argReduce'> = (backend, { x }, { op, axis }) => {
  const name = `argReduce ${op}`;
  requireDType(name, 'x', x, [...NUMERIC_DTYPES, 'bool']);
  if (!(Number.isInteger(axis) && axis >= 0 && axis < x.shape.length)) throw new ShapeError(`${name}: axis ${axis} is out of range for ${fmtShape(x.shape)}`);
  const outShape = x.shape.map((d, i) => (i === axis ? 1 : d));
  const outer = sizeOf(x.shape.slice(0, axis));
  const len = x.shape[axis]!;
  const inner = sizeOf(x.shape.slice(axis + 1));
  if (len === 0 && outer * inner > 0) throw new ShapeError(`${name}: axis ${axis} of ${fmtShape(x.shape)} is empty`);
  const out = backend.output(outShape, 'int32');
  const xv = backend.view(x), ov = backend.view(out);
  const sign = op === 'argmax' ? 1 : -1;
  // Walk the axis outermost so that each step reads `inner` contiguous values.
  const best = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner;
    const at = o * inner;
    for (let j = 0; j < inner; j++) {
      best[j] = sign * xv[base + j]!;
      ov[at + j] = 0;
    }
    for (let k = 1; k < len; k++) {
      const row = base + k * inner;
      for (let j = 0; j < inner; j++) {
        const v = sign * xv[row + j]!;
        const b = best[j]!;
        // Strictly greater keeps the first of ties; the first NaN wins and then stays.
        if (v > b || (v !== v && b === b)) {
          best[j] = v;
          ov[at + j] = k;
        }
      }
    }
  }
  return out;
};
