/**
 * The fused kernels' epilogue: bias and activation applied to a GEMM's result in place, while it
 * is still in cache, instead of a broadcast add and an activation pass over the output.
 */

/** Activation codes: must match src/helpers/fused.ts. */
const NONE = 0;
const RELU = 1;

// @ts-ignore: decorator
@inline function act(code: i32, x: v128): v128 {
  // As the relu kernel (wasm/elementwise.ts): x < 0 ? 0 : x, keeping NaN and −0.
  if (code == RELU) return v128.andnot(x, f32x4.lt(x, f32x4.splat(0)));
  return x;
}

// @ts-ignore: decorator
@inline function act1(code: i32, x: f32): f32 {
  if (code == RELU) return x < 0 ? 0 : x;
  return x;
}

/** One row of `cols` floats at c: c[j] = act(c[j] + bias(j)), bias(j) = splat (perRow) or b[j]. */
// @ts-ignore: decorator
@inline function row(code: i32, c: usize, cols: i32, b: usize, perRow: bool, splat: v128, scalar: f32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = c + (<usize>j << 2);
    v128.store(o, act(code, f32x4.add(v128.load(o), perRow ? splat : v128.load(b + (<usize>j << 2)))));
  }
  for (; j < cols; j++) {
    const o = c + (<usize>j << 2);
    store<f32>(o, act1(code, load<f32>(o) + (perRow ? scalar : load<f32>(b + (<usize>j << 2)))));
  }
}

// @ts-ignore: decorator
@inline function rows(code: i32, c: usize, nrows: i32, cols: i32, ldc: i32, bias: usize, perRow: bool): void {
  for (let r = 0; r < nrows; r++) {
    const s: f32 = perRow ? load<f32>(bias + (<usize>r << 2)) : 0;
    row(code, c + (<usize>(r * ldc) << 2), cols, bias, perRow, f32x4.splat(s), s);
  }
}

/**
 * c[r·ldc + j] = act(c[r·ldc + j] + bias) for r < nrows, j < cols (byte address c): the bias is
 * bias[r] (perRow: a convolution's output channels) or bias[j] (a dense layer's features); bias
 * 0 means none. code: 0 none, 1 relu.
 */
export function biasAct(c: usize, nrows: i32, cols: i32, ldc: i32, bias: usize, perRow: bool, code: i32): void {
  if (bias == 0) {
    if (code == RELU) for (let r = 0; r < nrows; r++) reluRow(c + (<usize>(r * ldc) << 2), cols);
    return;
  }
  // Each combination its own loop (the flags are constants once inlined).
  if (code == RELU) {
    if (perRow) rows(RELU, c, nrows, cols, ldc, bias, true);
    else rows(RELU, c, nrows, cols, ldc, bias, false);
  } else if (perRow) {
    rows(NONE, c, nrows, cols, ldc, bias, true);
  } else {
    rows(NONE, c, nrows, cols, ldc, bias, false);
  }
}

function reluRow(c: usize, cols: i32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const o = c + (<usize>j << 2);
    v128.store(o, act(RELU, v128.load(o)));
  }
  for (; j < cols; j++) {
    const o = c + (<usize>j << 2);
    store<f32>(o, act1(RELU, load<f32>(o)));
  }
}
