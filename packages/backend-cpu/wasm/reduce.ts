/**
 * float32 sums with float64 accumulators, the two loops of src/helpers/reducers.ts: `sumRun`
 * folds a contiguous run into one sum (reduced axes innermost), `sumRows` adds a contiguous run
 * element-wise into float64 accumulators (kept axes innermost). Each float32 is widened exactly
 * to float64 (f64x2.promote_low_f32x4), so the sums are the TypeScript ones up to the order of
 * float64 additions (four partial sums here).
 */

/** init + Σ x[0..n) (float32 x at byte address x), summed in float64. */
export function sumRun(x: usize, n: i32, init: f64): f64 {
  let s0 = f64x2.splat(0), s1 = f64x2.splat(0), s2 = f64x2.splat(0), s3 = f64x2.splat(0);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const v = v128.load(x + (<usize>j << 2)), w = v128.load(x + (<usize>j << 2), 16);
    s0 = f64x2.add(s0, f64x2.promote_low_f32x4(v));
    s1 = f64x2.add(s1, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1)));
    s2 = f64x2.add(s2, f64x2.promote_low_f32x4(w));
    s3 = f64x2.add(s3, f64x2.promote_low_f32x4(v128.shuffle<f32>(w, w, 2, 3, 0, 1)));
  }
  const s = f64x2.add(f64x2.add(s0, s1), f64x2.add(s2, s3));
  let t = init + (f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1));
  for (; j < n; j++) t += <f64>load<f32>(x + (<usize>j << 2));
  return t;
}

/** acc[j] += x[j] for j < n: float64 accumulators at byte address acc, float32 x. */
export function sumRows(acc: usize, x: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const v = v128.load(x + (<usize>j << 2));
    const a = acc + (<usize>j << 3);
    v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(v)));
    v128.store(a, f64x2.add(v128.load(a, 16), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 0, 1))), 16);
  }
  for (; j < n; j++) {
    const a = acc + (<usize>j << 3);
    store<f64>(a, load<f64>(a) + <f64>load<f32>(x + (<usize>j << 2)));
  }
}

