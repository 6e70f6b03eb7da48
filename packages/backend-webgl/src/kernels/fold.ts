/**
 * Folding many terms per output element, in as many passes as it takes so that no fragment folds
 * more than `MAX_TERMS` of them. A pass reads x through two lists of dims: the kept ones (in
 * output order) and the reduced ones, each with its size and x stride. When the reduced terms
 * are more than one fragment may fold, the pass writes [kept, P] partial results (P chunks of the
 * reduced range each), and the next pass folds those P partials, until one value per output is
 * left. `reduce`, `matmul` (split K) and `conv2dBackpropFilter` (its partial sums) go through here.
 */
import { sizeOf, type DType, type TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { formatOf } from '../layout.js';
import { FLOAT_BITS_GLSL } from './float-bits.js';
import { texelReader } from './texel.js';

/** The most terms one fragment folds (a fragment that loops much longer risks a GPU driver timeout). */
export const MAX_TERMS = 4096;

export type Fold = 'sum' | 'prod' | 'max' | 'min';

export interface Dim {
  size: number;
  stride: number;
}

/**
 * Terms per fragment for folding `n` terms: all of them when n ≤ MAX_TERMS, else ≈ n^(1/passes)
 * for the fewest passes that keep every fragment within MAX_TERMS (balanced passes keep the GPU
 * busy in the first and short in the last).
 */
export function chunkFor(n: number): number {
  if (n <= MAX_TERMS) return n;
  const passes = Math.ceil(Math.log(n) / Math.log(MAX_TERMS) - 1e-9);
  return Math.min(MAX_TERMS, Math.ceil(Math.pow(n, 1 / passes)));
}

interface FoldCode {
  /** Declares the accumulator(s). */
  decl: string;
  /** Folds the value of GLSL expression `v` in. */
  step(v: string): string;
  /** The folded value, as the accumulator's type (float, or int for int inputs). */
  result: string;
}

/**
 * max/min track NaN on the side: GPUs' max() may drop a NaN operand, so the result is NaN when
 * any term was. Integer sums and products run in uint, which wraps mod 2³² as int32 does.
 */
function foldCode(fold: Fold, int: boolean): FoldCode {
  if (int) {
    switch (fold) {
      case 'sum': return { decl: 'uint acc = 0u;', step: (v) => `acc += uint(${v});`, result: 'int(acc)' };
      case 'prod': return { decl: 'uint acc = 1u;', step: (v) => `acc *= uint(${v});`, result: 'int(acc)' };
      case 'max': return { decl: 'int acc = -2147483647 - 1;', step: (v) => `acc = max(acc, ${v});`, result: 'acc' };
      case 'min': return { decl: 'int acc = 2147483647;', step: (v) => `acc = min(acc, ${v});`, result: 'acc' };
    }
  }
  switch (fold) {
    case 'sum': return { decl: 'float acc = 0.0;', step: (v) => `acc += ${v};`, result: 'acc' };
    case 'prod': return { decl: 'float acc = 1.0;', step: (v) => `acc *= ${v};`, result: 'acc' };
    case 'max':
    case 'min':
      return {
        decl: `float acc = ${fold === 'max' ? '-' : ''}inf_f(); bool sawNaN = false;`,
        step: (v) => `{ float v_ = ${v}; sawNaN = sawNaN || isnan_f(v_); acc = ${fold}(acc, v_); }`,
        result: '(sawNaN ? nan_f() : acc)',
      };
  }
}

/** GLSL lines setting int `out` to Σ coordᵢ·strideᵢ for the coordinates of `flat` over `dims` (row-major). */
export function offsetOfFlat(flat: string, dims: readonly Dim[], out: string): string {
  const lines = [`int ${out} = 0;`];
  let rest = flat;
  for (let d = dims.length - 1; d >= 0; d--) {
    const { size, stride } = dims[d]!;
    if (d === 0) {
      lines.push(`${out} += ${rest} * ${stride};`);
    } else {
      const q = `${out}_q${d}`;
      lines.push(`int ${q} = ${rest} / ${size};`, `${out} += (${rest} - ${q} * ${size}) * ${stride};`);
      rest = q;
    }
  }
  return lines.join('\n  ');
}

export interface FoldPassSpec {
  kernel: string;
  x: TensorInfo;
  kept: readonly Dim[];
  reduced: readonly Dim[];
  fold: Fold;
  output: { shape: readonly number[]; dtype: DType };
  /** GLSL applied to the folded value in the last pass (e.g. the division of a mean). */
  finish?: (value: string) => string;
}

/** Folds `reduced` for every kept position, in one pass or several (see the file comment). */
export function foldAll(backend: WebGLBackend, spec: FoldPassSpec): TensorInfo {
  const terms = sizeOf(spec.reduced.map((d) => d.size));
  const chunk = chunkFor(terms);
  if (chunk >= terms) return foldPass(backend, spec, terms, 1);
  const keptSize = sizeOf(spec.kept.map((d) => d.size));
  const parts = Math.ceil(terms / chunk);
  const partial = foldPass(
    backend,
    { ...spec, finish: undefined, output: { shape: [keptSize, parts], dtype: formatOf(spec.x.dtype) === 'float' ? 'float32' : 'int32' } },
    chunk,
    parts,
  );
  try {
    return foldAll(backend, { ...spec, x: partial, kept: [{ size: keptSize, stride: parts }], reduced: [{ size: parts, stride: 1 }] });
  } finally {
    backend.dispose(partial.dataId);
  }
}

/** One pass: output element (q, p) folds reduced terms [p·chunk, min((p+1)·chunk, R)) at kept position q. */
function foldPass(backend: WebGLBackend, spec: FoldPassSpec, chunk: number, parts: number): TensorInfo {
  const int = formatOf(spec.x.dtype) === 'int';
  const outFloat = spec.output.dtype === 'float32';
  const code = foldCode(spec.fold, int);
  const red = spec.reduced;
  const terms = sizeOf(red.map((d) => d.size));
  const x = texelReader(backend, 'x', spec.x);
  const lines: string[] = [];
  if (parts > 1) lines.push(`int q = index / ${parts};`, `int p = index - q * ${parts};`);
  else lines.push('int q = index;');
  lines.push(offsetOfFlat('q', spec.kept, 'base'), code.decl);
  const step = code.step;
  if (red.length === 0) {
    lines.push(step(x.read(x.at('base'))));
  } else if (parts === 1) {
    // The whole range: nested loops with constant bounds, a cursor per level.
    lines.push(`${x.type} c0 = ${x.at('base')};`);
    red.forEach(({ size }, d) => {
      lines.push(`for (int i${d} = 0; i${d} < ${size}; i${d}++) {`);
      lines.push(d < red.length - 1 ? `${x.type} c${d + 1} = c${d};` : step(x.read(`c${d}`)));
    });
    for (let d = red.length - 1; d >= 0; d--) lines.push(x.step(`c${d}`, red[d]!.stride), '}');
  } else {
    // A chunk of the flat reduced range: start coordinates once, then carries (no division per term).
    const m = red.length;
    lines.push(`int r0 = p * ${chunk};`, `int r1 = min(r0 + ${chunk}, ${terms});`);
    lines.push(offsetOfFlat('r0', red, 'roff'), `${x.type} cur = ${x.at('base + roff')};`);
    for (let d = 1; d < m; d++) {
      const inner = sizeOf(red.slice(d + 1).map((x) => x.size));
      lines.push(`int c${d} = r0 / ${inner} - (r0 / ${inner * red[d]!.size}) * ${red[d]!.size};`);
    }
    lines.push('for (int r = r0; r < r1; r++) {', step(x.read('cur')), x.step('cur', red[m - 1]!.stride));
    for (let d = m - 1; d >= 1; d--) {
      const { size, stride } = red[d]!;
      lines.push(`if (++c${d} == ${size}) {`, `c${d} = 0;`, x.step('cur', red[d - 1]!.stride - size * stride));
    }
    lines.push('}'.repeat(m - 1), '}');
  }
  const value = spec.finish ? spec.finish(code.result) : code.result;
  const type = outFloat ? 'float' : 'int';
  return backend.runShader({
    kernel: spec.kernel,
    inputs: { x: spec.x },
    output: spec.output,
    body: `${int ? '' : FLOAT_BITS_GLSL}
${x.helpers}
${type} compute(int index) {
  ${lines.filter((l) => l !== '').join('\n  ')}
  return ${outFloat && int ? `float(${value})` : value};
}`,
  });
}
