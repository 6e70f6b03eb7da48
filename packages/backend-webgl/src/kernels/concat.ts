import { DTypeError, concatShape, sizeOf, type KernelImpl, type TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslType } from './elementwise-glsl.js';

/** Inputs read by one pass (WebGL2 guarantees 16 texture units; 8 keeps shaders short). */
export const CONCAT_INPUTS_PER_PASS = 8;

/** One pass joining up to CONCAT_INPUTS_PER_PASS non-empty pieces along `axis`. */
function concatPass(backend: WebGLBackend, xs: readonly TensorInfo[], axis: number, shape: readonly number[]): TensorInfo {
  const inner = sizeOf(shape.slice(axis + 1));
  const outChunk = shape[axis]! * inner;
  const inputs: Record<string, TensorInfo> = {};
  const branches: string[] = [];
  let at = 0;
  xs.forEach((x, k) => {
    const chunk = x.shape[axis]! * inner;
    inputs[`x${k}`] = x;
    const read = `get_x${k}(o * ${chunk} + r${at === 0 ? '' : ` - ${at}`})`;
    at += chunk;
    branches.push(k === xs.length - 1 ? `return ${read};` : `if (r < ${at}) return ${read};`);
  });
  const body = `${glslType(xs[0]!.dtype)} compute(int index) {
  int o = index / ${outChunk};
  int r = index - o * ${outChunk};
  ${branches.join('\n  ')}
}`;
  return backend.runShader({ kernel: 'concat', inputs, output: { shape, dtype: xs[0]!.dtype }, body });
}

/**
 * Joins along `axis`. Empty pieces are skipped; up to 8 pieces take one pass; more are joined in
 * groups of 8 whose results are joined again (a tree: each element is copied ⌈log₈ n⌉ times).
 */
export const concat: KernelImpl<WebGLBackend, 'concat'> = (backend, { xs }, { axis }) => {
  const shape = concatShape(xs.map((x) => x.shape), axis);
  const dtype = xs[0]!.dtype;
  if (xs.some((x) => x.dtype !== dtype)) throw new DTypeError(`concat: inputs must share a dtype, got ${xs.map((x) => x.dtype).join(', ')}`);
  const pieces = xs.filter((x) => sizeOf(x.shape) > 0);
  if (pieces.length === 0 || sizeOf(shape) === 0) return backend.empty(shape, dtype);
  const join = (parts: readonly TensorInfo[]): TensorInfo => {
    const partShape = [...shape];
    partShape[axis] = parts.reduce((s, p) => s + p.shape[axis]!, 0);
    if (parts.length <= CONCAT_INPUTS_PER_PASS) return concatPass(backend, parts, axis, partShape);
    const groups: TensorInfo[] = [];
    for (let i = 0; i < parts.length; i += CONCAT_INPUTS_PER_PASS) groups.push(join(parts.slice(i, i + CONCAT_INPUTS_PER_PASS)));
    const out = join(groups);
    for (const g of groups) backend.dispose(g.dataId);
    return out;
  };
  return join(pieces);
};
