/** GLSL helpers of the elementwise and data-movement kernels: value types, broadcast indices, stored values. */
import { sizeOf, type DType } from '@pistil/backend';
import { broadcastStrides, coordNames, coordsOf, offsetExpr } from '../glsl.js';
import type { ShaderUniform } from '../shader.js';

/** The GLSL type a tensor of `dtype` is read and computed as. */
export function glslType(dtype: DType): 'float' | 'int' {
  return dtype === 'float32' ? 'float' : 'int';
}

/**
 * GLSL declaring `int <name>_i` for each input: the flat index to read it at for output element
 * `index` under NumPy broadcasting. Inputs of the output's size read at `index`, size-1 inputs at
 * 0; only the others need the output coordinates (declared once, as `bc0…`).
 */
export function broadcastIndices(outShape: readonly number[], inputs: Readonly<Record<string, readonly number[]>>): string {
  const outSize = sizeOf(outShape);
  const lines: string[] = [];
  let coords = false;
  for (const [name, shape] of Object.entries(inputs)) {
    const size = sizeOf(shape);
    if (size === outSize) lines.push(`int ${name}_i = index;`);
    else if (size === 1) lines.push(`int ${name}_i = 0;`);
    else {
      if (!coords) {
        lines.unshift(coordsOf(outShape, 'index', 'bc'));
        coords = true;
      }
      lines.push(`int ${name}_i = ${offsetExpr(coordNames('bc', outShape.length), broadcastStrides(shape, outShape))};`);
    }
  }
  return lines.join('\n  ');
}

/**
 * `value` as `dtype` stores it (as `cast` converts: ints truncate and saturate, NaN → 0; bool is
 * value ≠ 0), in a uniform of the matching GLSL type (so NaN and ±Inf need no literal).
 */
export function storedValue(dtype: DType, value: number): ShaderUniform {
  if (dtype === 'float32') return { type: 'float', value };
  if (dtype === 'bool') return { type: 'int', value: value !== 0 ? 1 : 0 };
  if (Number.isNaN(value)) return { type: 'int', value: 0 };
  const [lo, hi] = dtype === 'uint8' ? [0, 255] : [-2147483648, 2147483647];
  return { type: 'int', value: Math.min(Math.max(Math.trunc(value), lo), hi) };
}
