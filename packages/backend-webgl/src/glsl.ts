/**
 * Helpers that write GLSL for kernels: the per-input readers, flat index ↔ coordinates with the
 * shape baked in as constants, and literals. A kernel's shader is specialised to its shapes
 * (as tfjs does); the program cache makes the next call with the same shapes free.
 */
import { BackendError, stridesOf } from '@pistil/backend';

/** A float as a GLSL literal that reads back as the same float32. Non-finite values must go through uniforms. */
export function glslFloat(v: number): string {
  if (!Number.isFinite(v)) throw new BackendError(`webgl: internal: ${v} has no GLSL literal (pass it as a uniform)`);
  if (Object.is(v, -0)) return '-0.0';
  const s = String(Math.fround(v));
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** An int as a GLSL literal (−2³¹ has none: it is written as an expression). */
export function glslInt(v: number): string {
  if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) throw new BackendError(`webgl: internal: ${v} is not an int32`);
  return v === -2147483648 ? '(-2147483647 - 1)' : String(v);
}

/**
 * GLSL declaring `int <prefix>0 … <prefix>{r-1}` = the coordinates of flat `index` in `shape`.
 * Rank 0 declares nothing.
 */
export function coordsOf(shape: readonly number[], index: string, prefix: string): string {
  const strides = stridesOf(shape);
  const lines: string[] = [];
  let rest = index;
  for (let d = 0; d < shape.length; d++) {
    const s = strides[d]!;
    if (d === shape.length - 1) lines.push(`int ${prefix}${d} = ${rest};`);
    else if (s === 0) lines.push(`int ${prefix}${d} = 0;`);
    else {
      lines.push(`int ${prefix}${d} = ${rest} / ${s};`);
      const r = `${prefix}_r${d}`;
      lines.push(`int ${r} = ${rest} - ${prefix}${d} * ${s};`);
      rest = r;
    }
  }
  return lines.join('\n  ');
}

/** The flat offset Σ coords[i]·strides[i] as a GLSL int expression (terms with stride 0 left out). */
export function offsetExpr(coords: readonly string[], strides: readonly number[]): string {
  const terms: string[] = [];
  for (let i = 0; i < coords.length; i++) {
    const s = strides[i]!;
    if (s === 0) continue;
    terms.push(s === 1 ? coords[i]! : `${coords[i]} * ${s}`);
  }
  return terms.length ? terms.join(' + ') : '0';
}

/**
 * Strides of `inShape` read at the coordinates of `outShape` under NumPy broadcasting: aligned
 * right, 0 where the input dim is 1 (or missing).
 */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const own = stridesOf(inShape);
  const lead = outShape.length - inShape.length;
  return outShape.map((_, i) => {
    const j = i - lead;
    return j < 0 || inShape[j] === 1 ? 0 : own[j]!;
  });
}

/** Names `c0 … c{r-1}`. */
export function coordNames(prefix: string, rank: number): string[] {
  return Array.from({ length: rank }, (_, i) => `${prefix}${i}`);
}
