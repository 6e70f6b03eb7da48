import { pool2dShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType, requireRank, requireShape } from '../helpers/checks.js';
import { forEachAvgWindow } from './avg-pool2d.js';

export const avgPool2dBackward: KernelImpl<CpuBackend, 'avgPool2dBackward'> = (backend, { dy }, attrs) => {
  const op = 'avgPool2dBackward';
  requireDType(op, 'dy', dy, FLOAT_DTYPES);
  requireRank(op, 'inputShape', attrs.inputShape, 4, '[N, C, H, W]');
  requireShape(op, 'dy', dy.shape, pool2dShape(op, attrs.inputShape, attrs));
  const dx = backend.output(attrs.inputShape, dy.dtype);
  const dyv = backend.view(dy), dxv = backend.view(dx);
  dxv.fill(0);
  const w = attrs.inputShape[3]!, [dh, dw] = attrs.dilation;
  forEachAvgWindow(attrs.inputShape, dy.shape, attrs, (o, origin, k0, k1, j0, j1, divisor) => {
    const g = dyv[o]! / divisor;
    for (let ki = k0; ki < k1; ki++) {
      const row = origin + ki * dh * w;
      for (let kj = j0; kj < j1; kj++) dxv[row + kj * dw] += g;
    }
  });
  return dx;
};
