import { checkPadArgs, padShape, sizeOf, stridesOf, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslInt } from '../glsl.js';
import type { ShaderUniform } from '../shader.js';
import { glslType, storedValue } from './elementwise-glsl.js';

/**
 * Pads in one pass. Each output coordinate maps to an input coordinate (reflected or clamped to
 * the edge) or, for `constant`, falls outside and takes the value (a uniform, so NaN and −Inf work).
 */
export const pad: KernelImpl<WebGLBackend, 'pad'> = (backend, { x }, { pads, mode, value }) => {
  checkPadArgs(x.shape, pads, mode);
  const shape = padShape(x.shape, pads);
  const type = glslType(x.dtype);
  const outStrides = stridesOf(shape);
  const inStrides = stridesOf(x.shape);
  const rank = shape.length;
  const lines: string[] = [];
  const outside: string[] = [];
  const terms: string[] = [];
  let rest = 'index';
  for (let d = 0; d < rank; d++) {
    const dim = x.shape[d]!;
    const [before] = pads[d]!;
    lines.push(d === rank - 1 ? `int o${d} = ${rest};` : `int o${d} = ${rest} / ${outStrides[d]};`, `int j${d} = o${d} - ${glslInt(before)};`);
    if (d < rank - 1) {
      lines.push(`int r${d} = ${rest} - o${d} * ${outStrides[d]};`);
      rest = `r${d}`;
    }
    if (mode === 'constant') outside.push(`j${d} < 0 || j${d} >= ${dim}`);
    else if (mode === 'reflect') lines.push(`j${d} = j${d} < 0 ? -j${d} : j${d} >= ${dim} ? ${2 * (dim - 1)} - j${d} : j${d};`);
    else lines.push(`j${d} = clamp(j${d}, 0, ${Math.max(dim - 1, 0)});`);
    if (inStrides[d] !== 0) terms.push(inStrides[d] === 1 ? `j${d}` : `j${d} * ${inStrides[d]}`);
  }
  const read = `get_x(${terms.length ? terms.join(' + ') : '0'})`;
  const empty = sizeOf(x.shape) === 0; // only `constant` gets here with an empty x and a non-empty output
  const body = `${type} compute(int index) {
  ${lines.join('\n  ')}
  ${empty ? 'return value;' : outside.length ? `if (${outside.join(' || ')}) return value;\n  return ${read};` : `return ${read};`}
}`;
  const uniforms: Record<string, ShaderUniform> = mode === 'constant' ? { value: storedValue(x.dtype, value) } : {};
  return backend.runShader({ kernel: `pad ${mode}`, inputs: empty ? {} : { x }, output: { shape, dtype: x.dtype }, uniforms, body });
};
