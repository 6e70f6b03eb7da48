import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { toInt32, toUint8 } from '../helpers/convert.js';

/**
 * float → int truncates toward zero, NaN → 0, saturating; int32 → uint8 saturates too (one rule
 * for every narrowing); anything → bool is x ≠ 0; widening conversions are exact.
 */
export const cast: KernelImpl<CpuBackend, 'cast'> = (backend, { x }, { dtype }) => {
  const out = backend.output(x.shape, dtype);
  const xv = backend.view(x), ov = backend.view(out);
  const n = xv.length;
  const from = x.dtype;
  if (dtype === 'bool') {
    for (let i = 0; i < n; i++) ov[i] = xv[i] !== 0 ? 1 : 0;
  } else if (dtype === 'int32' && (from === 'float32' || from === 'float64')) {
    for (let i = 0; i < n; i++) ov[i] = toInt32(xv[i]!);
  } else if (dtype === 'uint8' && from !== 'uint8' && from !== 'bool') {
    for (let i = 0; i < n; i++) ov[i] = toUint8(xv[i]!);
  } else {
    ov.set(xv); // exact, or float64 → float32 rounding to nearest
  }
  return out;
};
