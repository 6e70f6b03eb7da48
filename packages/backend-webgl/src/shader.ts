/**
 * A kernel as one fragment shader: the spec says which tensors it reads (each becomes a
 * `get_<name>(int i)` reader of its flat index), the output's shape and dtype, scalar uniforms,
 * and GLSL defining `compute(int index)` — `float` for float32 outputs, `int` otherwise —
 * which returns the output element at flat `index`.
 *
 * Packed outputs (internal scratch, RGBA32F; see layout.ts) are a grid of [rows, cols] texels of
 * four floats: the body then defines `vec4 compute(int row, int col)`.
 *
 * How inputs are read — the one place that knows it (texel.ts and the packed kernels go through
 * the functions below): every input texture is bound to the sampler `u_<name>`, has one level and
 * NEAREST filtering, so `texture()` at a texel's centre returns exactly that texel (on SwiftShader
 * `texture()` runs 2–3× faster than `texelFetch`, and integer division is among the slowest
 * things it does, so no reader of a flat tensor divides: a single row needs no split, and longer
 * tensors have rows of a power-of-two width, split by a mask and a shift). For each input the
 * shader declares:
 * - `T get_<name>(int i)`: flat element i (T is float, int for int-stored dtypes, vec4 for packed
 *   inputs, whose i counts texels row-major — with a division: kernels address packed inputs by
 *   texel);
 * - `T getf_<name>(float i)`: the same at a float index, exact for |i| < 2²⁴ (flat inputs only);
 * - `T texel_<name>(ivec2 c)`: the texel at (column, row).
 */
import type { DType, TensorInfo } from '@pistil/backend';
import { glslFloat } from './glsl.js';
import { formatOf, type PackedGrid, type TexelFormat, type TexelLayout } from './layout.js';

export interface ShaderUniform {
  type: 'float' | 'int';
  value: number;
}

/** A flat output: one element per texel, `compute(int index)`. */
export interface FlatOutput {
  shape: readonly number[];
  dtype: DType;
  packed?: false;
}

/**
 * A packed (RGBA32F) output of shape [rows, cols, 4]: `vec4 compute(int row, int col)`; with
 * `targets` T (`backend.runShaderTargets`), T such outputs written at once by
 * `void compute(int row, int col, out vec4 o0, …, out vec4 o<T−1>)`.
 */
export interface PackedOutput {
  shape: readonly [number, number, 4];
  dtype: 'float32';
  packed: true;
  targets?: number;
}

export interface ShaderSpec {
  /** Kernel name, for errors. */
  kernel: string;
  /** Tensors read, by GLSL identifier. */
  inputs: Readonly<Record<string, TensorInfo>>;
  output: FlatOutput | PackedOutput;
  /** Scalars that vary between calls (kept out of the source so the program is reused). */
  uniforms?: Readonly<Record<string, ShaderUniform>>;
  /** GLSL defining `float|int compute(int index)` (or `vec4 compute(int row, int col)`) and any helpers it needs. */
  body: string;
}

export interface BoundInput {
  name: string;
  layout: TexelLayout;
}

/** The GLSL sampler an input named `name` is bound to. */
export function samplerOf(name: string): string {
  return `u_${name}`;
}

/**
 * GLSL expression: the texel of input `name` at normalised coordinates `uv` (a vec2 expression
 * that must be a texel centre, e.g. from `texelCentre`).
 */
export function sampleAt(name: string, layout: TexelLayout, uv: string): string {
  return `texture(${samplerOf(name)}, ${uv})${layout.format === 'vec4' ? '' : '.r'}`;
}

/**
 * GLSL float expression: the normalised coordinate of the centre of texel `coord` (a float
 * expression holding an integer) along an axis of `n` texels.
 */
export function texelCentre(coord: string, n: number): string {
  return `(${coord} + 0.5) * ${glslFloat(1 / n)}`;
}

/**
 * GLSL int expression ⌊a / d⌋ for an int expression 0 ≤ a ≤ max and a constant d ≥ 1, without an
 * integer division where it can do without (SwiftShader divides integers one lane at a time):
 * a shift for a power of two, else float arithmetic: (a + ½)/d lies at least ½/d from the
 * integers around it, and (a + ½)·fl(1/d) is within a relative 2⁻²³ of it (two roundings; GLSL ES
 * 3.00 has highp + and × correctly rounded), so the truncation is exact for a < 2²²; kept to
 * a < 2²¹ for a margin, an integer division beyond.
 */
export function divInt(a: string, d: number, max: number): string {
  if (d === 1) return a;
  if ((d & (d - 1)) === 0) return `((${a}) >> ${Math.log2(d)})`;
  if (max < 2 ** 21) return `int((float(${a}) + 0.5) * ${glslFloat(1 / d)})`;
  return `((${a}) / ${d})`;
}

/** GLSL function `ivec2 <fn>(int r)`: the texel (column, row) where row `r` of packed grid `g` starts. */
export function gridRowStart(fn: string, g: PackedGrid): string {
  if (g.bands === 1) return `ivec2 ${fn}(int r) { return ivec2(0, r); }`;
  const shift = Math.log2(g.bandRows);
  const band = `r >> ${shift}`;
  const inBand = `r & ${g.bandRows - 1}`;
  if (g.bands <= g.bandsPerRow) return `ivec2 ${fn}(int r) { return ivec2((${band}) * ${g.cols}, ${inBand}); }`;
  return `ivec2 ${fn}(int r) { int b = ${band}; int by = ${divInt('b', g.bandsPerRow, g.bands)}; return ivec2((b - by * ${g.bandsPerRow}) * ${g.cols}, by * ${g.bandRows} + (${inBand})); }`;
}

/**
 * GLSL statements declaring int `r` and `c`: the grid row and column of the texel at texture
 * row `y`, column `x` of packed grid `g` (what a packed output's `compute(row, col)` is given).
 * Texels past the grid's last row (in the last band) get r ≥ g.rows.
 */
export function gridCell(g: PackedGrid, y: string, x: string, r: string, c: string): string {
  if (g.bands === 1) return `int ${r} = ${y}; int ${c} = ${x};`;
  const bx = `${r}_bx`, band = `${r}_b`;
  return [
    `int ${bx} = ${divInt(x, g.cols, g.width)};`,
    `int ${band} = (${y} >> ${Math.log2(g.bandRows)}) * ${g.bandsPerRow} + ${bx};`,
    `int ${r} = (${band} << ${Math.log2(g.bandRows)}) | (${y} & ${g.bandRows - 1});`,
    `int ${c} = ${x} - ${bx} * ${g.cols};`,
  ].join('\n  ');
}

/** GLSL declaring the readers of one input (see the file comment). */
export function inputReaders(name: string, layout: TexelLayout): string {
  const T: TexelFormat = layout.format; // the GLSL type of a texel's value: float, int or vec4
  const { width: w, height: h } = layout;
  const at = (uv: string) => sampleAt(name, layout, uv);
  const lines = [`${T} texel_${name}(ivec2 c) { return ${at(`(vec2(c) + 0.5) * vec2(${glslFloat(1 / w)}, ${glslFloat(1 / h)})`)}; }`];
  if (h === 1) {
    lines.push(
      `${T} get_${name}(int i) { return ${at(`vec2(${texelCentre('float(i)', w)}, 0.5)`)}; }`,
      `${T} getf_${name}(float i) { return ${at(`vec2(${texelCentre('i', w)}, 0.5)`)}; }`,
    );
  } else if (!layout.packed) {
    // rows of a power-of-two width: a mask and a shift, or (float index) an exact scaling by 2⁻ˢ
    const shift = Math.log2(w);
    lines.push(
      `${T} get_${name}(int i) { return texel_${name}(ivec2(i & ${w - 1}, i >> ${shift})); }`,
      `${T} getf_${name}(float i) { float q = i * ${glslFloat(1 / w)}; return ${at(`vec2(fract(q) + ${glslFloat(0.5 / w)}, ${texelCentre('floor(q)', h)})`)}; }`,
    );
  } else {
    lines.push(`${T} get_${name}(int i) { int y = i / ${w}; return texel_${name}(ivec2(i - y * ${w}, y)); }`);
  }
  return lines.join('\n');
}

/** The full fragment shader for `spec`, given each input's texture layout and the output's texture width. */
export function fragmentSource(spec: ShaderSpec, inputs: readonly BoundInput[], outWidth: number, outSize: number): string {
  const lines = [
    '#version 300 es',
    'precision highp float;',
    'precision highp int;',
    'precision highp sampler2D;',
    'precision highp isampler2D;',
  ];
  for (const inp of inputs) {
    lines.push(`uniform ${inp.layout.format === 'int' ? 'isampler2D' : 'sampler2D'} ${samplerOf(inp.name)};`);
    lines.push(inputReaders(inp.name, inp.layout));
  }
  for (const [name, u] of Object.entries(spec.uniforms ?? {})) lines.push(`uniform ${u.type} ${name};`);
  const out = spec.output;
  if (out.packed) {
    const targets = out.targets;
    if (targets === undefined) {
      lines.push('out highp vec4 pistil_out;', spec.body, 'void main() {', '  ivec2 p = ivec2(gl_FragCoord.xy);', '  pistil_out = compute(p.y, p.x);', '}');
    } else {
      const outs = Array.from({ length: targets }, (_, t) => `pistil_out${t}`);
      outs.forEach((o, t) => lines.push(`layout(location = ${t}) out highp vec4 ${o};`));
      lines.push(spec.body, 'void main() {', '  ivec2 p = ivec2(gl_FragCoord.xy);', `  compute(p.y, p.x, ${outs.join(', ')});`, '}');
    }
    return lines.join('\n');
  }
  const outFormat = formatOf(out.dtype);
  lines.push(outFormat === 'float' ? 'out highp vec4 pistil_out;' : 'out highp ivec4 pistil_out;');
  lines.push(spec.body);
  const value = out.dtype === 'uint8' ? '(compute(index) & 255)' : 'compute(index)'; // uint8 wraps, as a Uint8Array store does
  const pow2 = (outWidth & (outWidth - 1)) === 0;
  lines.push(
    'void main() {',
    '  ivec2 p = ivec2(gl_FragCoord.xy);',
    `  int index = ${pow2 ? `(p.y << ${Math.log2(outWidth)}) | p.x` : `p.y * ${outWidth} + p.x`};`,
    outFormat === 'float'
      ? `  pistil_out = index < ${outSize} ? vec4(compute(index), 0.0, 0.0, 1.0) : vec4(0.0);`
      : `  pistil_out = index < ${outSize} ? ivec4(${value}, 0, 0, 1) : ivec4(0);`,
    '}',
  );
  return lines.join('\n');
}
