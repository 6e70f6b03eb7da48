/**
 * Reading an input through a cursor kept in step with a flat offset by constant increments, so
 * that a loop reads without any index arithmetic per term beyond the increment. The reads are
 * shader.ts's `getf_<name>` / `texel_<name>` (texel centres through `texture()`, no division),
 * and the texture's shape is the one the backend allocated (`backend.layoutOf`).
 *
 * Two kinds of cursor:
 * - `float`: the flat offset itself, exact while |offset| < 2²⁴ (inputs of up to 2²³ elements, so
 *   that a cursor one step past either end stays exact); `getf_<name>` splits it into column and
 *   row exactly (a single row, or rows of a power-of-two width: layout.ts). No carries: the cheapest.
 * - `ivec2` (column, row), moved with a carry into the next row: any size.
 */
import type { TensorInfo } from '@pistil/backend';
import { BackendError } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslFloat } from '../glsl.js';

export interface TexelReader {
  readonly name: string;
  /** GLSL type of a cursor: declare cursors as `${reader.type} c = ${reader.at(offset)};`. */
  readonly type: 'float' | 'ivec2';
  /** GLSL helpers the cursors need (`at_<name>` for ivec2 cursors, else none); put them in the shader body once. */
  readonly helpers: string;
  /** GLSL expression: the cursor at flat offset `off` (an int expression; negatives allowed). */
  at(off: string): string;
  /** GLSL statement moving cursor `c` by `n` elements (a JS constant, may be negative). */
  step(c: string, n: number): string;
  /** GLSL expression: the element under cursor `c` (`float`, or `int` for int-stored dtypes). */
  read(c: string): string;
}

const FLOAT_EXACT = 2 ** 23;

export function texelReader(backend: WebGLBackend, name: string, t: TensorInfo): TexelReader {
  const layout = backend.layoutOf(t);
  if (layout.packed) throw new BackendError(`webgl: internal: texelReader of the packed tensor '${name}'`);
  const w = layout.width;
  if (layout.texels <= FLOAT_EXACT) {
    return {
      name,
      type: 'float',
      helpers: '',
      at: (off) => `float(${off})`,
      step: (c, n) => (n === 0 ? '' : `${c} += ${glslFloat(n)};`),
      read: (c) => `getf_${name}(${c})`,
    };
  }
  const shift = Math.log2(w); // a multi-row flat texture: its width is a power of two
  return {
    name,
    type: 'ivec2',
    helpers: `ivec2 at_${name}(int o) { return ivec2(o & ${w - 1}, o >> ${shift}); }`, // o < 0: arithmetic shift floors
    at: (off) => `at_${name}(${off})`,
    step(c, n) {
      if (n === 0) return '';
      const m = Math.abs(n), dx = m % w, dy = Math.floor(m / w);
      if (n > 0) {
        const rows = dy ? ` ${c}.y += ${dy};` : '';
        return dx ? `${c}.x += ${dx};${rows} if (${c}.x >= ${w}) { ${c}.x -= ${w}; ${c}.y += 1; }` : rows.trim();
      }
      const rows = dy ? ` ${c}.y -= ${dy};` : '';
      return dx ? `${c}.x -= ${dx};${rows} if (${c}.x < 0) { ${c}.x += ${w}; ${c}.y -= 1; }` : rows.trim();
    },
    read: (c) => `texel_${name}(${c})`,
  };
}
