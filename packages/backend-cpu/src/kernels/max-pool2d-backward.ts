import { pool2dShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType, requireSameDType, requireShape } from '../helpers/checks.js';
import { trySimdMaxPool } from '../helpers/simd-ops.js';
import { forEachMaxWindow } from './max-pool2d.js';

export const maxPool2dBackward: KernelImpl<CpuBackend, 'maxPool2dBackward'> = (backend, { dy, x }, attrs) => {
  requireSameDType('maxPool2dBackward', { dy, x });
  requireDType('maxPool2dBackward', 'dy', dy, FLOAT_DTYPES);
  requireShape('maxPool2dBackward', 'dy', dy.shape, pool2dShape('maxPool2dBackward', x.shape, attrs));
  const dx = backend.output(x.shape, x.dtype);
  const xv = backend.view(x), dyv = backend.view(dy), dxv = backend.view(dx);
  if (trySimdMaxPool(backend, xv, x.shape, dy.shape, attrs, dxv, dyv)) return dx;
  dxv.fill(0);
  forEachMaxWindow(xv, x.shape, dy.shape, attrs, (o, arg) => { if (arg >= 0) dxv[arg] += dyv[o]!; });
  return dx;
};
