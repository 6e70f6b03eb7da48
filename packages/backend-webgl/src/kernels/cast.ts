import { DTypeError, type DType, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_DTYPES } from '../backend.js';
import { glslMath } from '../glsl-math.js';

/**
 * The GLSL expression converting `x` (read as float for float32, int otherwise) to `to`.
 * float → int truncates toward zero and saturates, NaN → 0; int32 → uint8 saturates; anything →
 * bool is x ≠ 0 (NaN → true); int32 → float32 rounds to nearest (in two exact parts, so that the
 * driver's int-to-float conversion cannot truncate).
 */
function conversion(from: DType, to: DType): string {
  const float = from === 'float32';
  switch (to) {
    case 'bool':
      return float ? '(pm_isnan(x) || x != 0.0) ? 1 : 0' : 'x != 0 ? 1 : 0';
    case 'float32':
      return float ? 'x' : 'float(x >> 8) * 256.0 + float(x & 255)';
    case 'int32':
      return float ? 'pm_isnan(x) ? 0 : x >= 2147483648.0 ? 2147483647 : x <= -2147483648.0 ? (-2147483647 - 1) : int(x)' : 'x';
    case 'uint8':
      if (float) return '(pm_isnan(x) || x <= 0.0) ? 0 : x >= 255.0 ? 255 : int(x)';
      return from === 'int32' ? 'clamp(x, 0, 255)' : 'x';
    default:
      throw new DTypeError(`cast: dtype ${String(to)} is not stored by webgl`);
  }
}

/** Converts dtype in one pass (a copy when the dtype does not change: outputs are always new). */
export const cast: KernelImpl<WebGLBackend, 'cast'> = (backend, { x }, { dtype }) => {
  if (!WEBGL_DTYPES.includes(dtype)) throw new DTypeError(`cast: to ${String(dtype)}: webgl stores ${WEBGL_DTYPES.join(', ')} only`);
  const inType = x.dtype === 'float32' ? 'float' : 'int';
  const outType = dtype === 'float32' ? 'float' : 'int';
  const body = `${inType === 'float' ? glslMath('special') : ''}
${outType} compute(int index) {
  ${inType} x = get_x(index);
  return ${conversion(x.dtype, dtype)};
}`;
  return backend.runShader({ kernel: `cast ${x.dtype}→${dtype}`, inputs: { x }, output: { shape: x.shape, dtype }, body });
};
