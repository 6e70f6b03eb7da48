/**
 * float32 max-pool, 2×2 window, stride 2, no padding or dilation (the common CNN case), over
 * `planes` planes of h×w into oh×ow (oh ≤ h/2, ow ≤ w/2). Four outputs per step: vertical max
 * of two rows of 8, then a max of the even and odd lanes. wasm's max propagates NaN like the
 * TypeScript kernel; it differs only in picking +0 over −0 between equal zeros.
 */
export function maxPool2x2(x: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32, out: usize): void {
  const rowBytes = <usize>w << 2;
  for (let plane = 0; plane < planes; plane++) {
    for (let oy = 0; oy < oh; oy++) {
      const r0 = x + (<usize>((plane * h + 2 * oy) * w) << 2), r1 = r0 + rowBytes;
      const o = out + (<usize>((plane * oh + oy) * ow) << 2);
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4) {
        const at = <usize>ox << 3;
        const a = f32x4.max(v128.load(r0 + at), v128.load(r1 + at));
        const b = f32x4.max(v128.load(r0 + at, 16), v128.load(r1 + at, 16));
        const even = v128.shuffle<f32>(a, b, 0, 2, 4, 6), odd = v128.shuffle<f32>(a, b, 1, 3, 5, 7);
        v128.store(o + (<usize>ox << 2), f32x4.max(even, odd));
      }
      for (; ox < ow; ox++) {
        const at = <usize>ox << 3;
        const top = max<f32>(load<f32>(r0 + at), load<f32>(r0 + at, 4));
        store<f32>(o + (<usize>ox << 2), max<f32>(top, max<f32>(load<f32>(r1 + at), load<f32>(r1 + at, 4))));
      }
    }
  }
}

/** ⌊a / b⌋ for b > 0 (i32 division truncates toward zero). */
// @ts-ignore: decorator
@inline function floorDiv(a: i32, b: i32): i32 {
  const q = a / b;
  return q * b > a ? q - 1 : q;
}

/** tapRange of src/helpers/window.ts: first kernel tap of output o inside [0, size) (≤ kernel). */
// @ts-ignore: decorator
@inline function tapFirst(o: i32, stride: i32, pad: i32, dilation: i32, kernel: i32): i32 {
  const start = o * stride - pad;
  return min(kernel, start >= 0 ? 0 : (dilation - 1 - start) / dilation);
}

/** One past the last kernel tap of output o inside [0, size), at least `first`. */
// @ts-ignore: decorator
@inline function tapEnd(o: i32, stride: i32, pad: i32, dilation: i32, kernel: i32, size: i32, first: i32): i32 {
  const start = o * stride - pad;
  return max(first, min(kernel, floorDiv(size - 1 - start, dilation) + 1));
}

/**
 * Max-pool windows of any kernel, stride, padding and dilation over `planes` float32 h×w planes,
 * as forEachMaxWindow in src/kernels/max-pool2d.ts: each window's first maximum in row-major tap
 * order, the first NaN if any, padded taps never. backward = false: out[o] = that maximum (−Inf
 * for an all-padding window). backward = true: dx (h×w planes, zeroed here) gets dy[o] added at
 * that maximum; out is dy.
 */
export function maxPoolWindows(
  x: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32,
  kh: i32, kw: i32, sh: i32, sw: i32, pt: i32, pl: i32, dh: i32, dw: i32,
  out: usize, dx: usize, backward: bool,
): void {
  if (backward) memory.fill(dx, 0, <usize>(planes * h * w) << 2);
  let o = out;
  for (let plane = 0; plane < planes; plane++) {
    const base = <i32>(plane * h * w);
    for (let oy = 0; oy < oh; oy++) {
      const k0 = tapFirst(oy, sh, pt, dh, kh), k1 = tapEnd(oy, sh, pt, dh, kh, h, k0);
      const y0 = oy * sh - pt;
      for (let ox = 0; ox < ow; ox++, o += 4) {
        const j0 = tapFirst(ox, sw, pl, dw, kw), j1 = tapEnd(ox, sw, pl, dw, kw, w, j0);
        const x0 = ox * sw - pl;
        let best: f32 = -Infinity, arg = -1;
        for (let ki = k0; ki < k1; ki++) {
          const row = base + (y0 + ki * dh) * w + x0;
          let kj = j0;
          for (; kj < j1; kj++) {
            const at = row + kj * dw;
            const v = load<f32>(x + (<usize>at << 2));
            if (v > best || arg < 0) { best = v; arg = at; }
            if (v != v) { arg = at; break; }
          }
          if (kj < j1) break; // stopped at a NaN
        }
        if (backward) {
          if (arg >= 0) {
            const d = dx + (<usize>arg << 2);
            store<f32>(d, load<f32>(d) + load<f32>(o));
          }
        } else {
          store<f32>(o, arg < 0 ? -Infinity : load<f32>(x + (<usize>arg << 2)));
        }
      }
    }
  }
}

/**
 * Where "v takes over as the running maximum" in the first-maximum order: v is NaN or greater
 * (!(v ≤ best)), unless best is already NaN (the first NaN wins and stays).
 */
// @ts-ignore: decorator
@inline function takes(v: v128, best: v128): v128 {
  return v128.andnot(f32x4.eq(best, best), f32x4.le(v, best));
}

/**
 * Backward of maxPool2x2 (same planes and sizes): dx = 0 except dy[o] at each window's first
 * maximum (first NaN), as maxPoolWindows; the windows do not overlap, so every dx element is
 * written once: 0 + dy, or 0 (rows and columns past 2·oh, 2·ow included).
 */
export function maxPool2x2Backward(x: usize, dy: usize, planes: i32, h: i32, w: i32, oh: i32, ow: i32, dx: usize): void {
  const rowBytes = <usize>w << 2;
  const zero = f32x4.splat(0);
  for (let plane = 0; plane < planes; plane++) {
    const px = x + (<usize>(plane * h * w) << 2), pdx = dx + (<usize>(plane * h * w) << 2);
    for (let oy = 0; oy < oh; oy++) {
      const r0 = px + <usize>(2 * oy) * rowBytes, r1 = r0 + rowBytes;
      const d0 = pdx + <usize>(2 * oy) * rowBytes, d1 = d0 + rowBytes;
      const g = dy + (<usize>((plane * oh + oy) * ow) << 2);
      let ox = 0;
      for (; ox + 4 <= ow; ox += 4) {
        const at = <usize>ox << 3;
        const a0 = v128.load(r0 + at), a1 = v128.load(r0 + at, 16);
        const b0 = v128.load(r1 + at), b1 = v128.load(r1 + at, 16);
        const tl = v128.shuffle<f32>(a0, a1, 0, 2, 4, 6), tr = v128.shuffle<f32>(a0, a1, 1, 3, 5, 7);
        const bl = v128.shuffle<f32>(b0, b1, 0, 2, 4, 6), br = v128.shuffle<f32>(b0, b1, 1, 3, 5, 7);
        let best = tl;
        const t1 = takes(tr, best);
        best = v128.bitselect(tr, best, t1);
        const t2 = takes(bl, best);
        best = v128.bitselect(bl, best, t2);
        const t3 = takes(br, best);
        // The winner is the last tap that took over.
        const g3 = t3, g2 = v128.andnot(t2, t3), g1 = v128.andnot(t1, v128.or(t2, t3));
        const g0 = v128.not(v128.or(t1, v128.or(t2, t3)));
        // 0 + dy, as the TypeScript kernel's dx[arg] += dy on zeros (−0 becomes +0).
        const gv = v128.load(g + (<usize>ox << 2));
        const v0 = f32x4.add(zero, v128.and(gv, g0)), v1 = f32x4.add(zero, v128.and(gv, g1));
        const v2 = f32x4.add(zero, v128.and(gv, g2)), v3 = f32x4.add(zero, v128.and(gv, g3));
        v128.store(d0 + at, v128.shuffle<f32>(v0, v1, 0, 4, 1, 5));
        v128.store(d0 + at, v128.shuffle<f32>(v0, v1, 2, 6, 3, 7), 16);
        v128.store(d1 + at, v128.shuffle<f32>(v2, v3, 0, 4, 1, 5));
        v128.store(d1 + at, v128.shuffle<f32>(v2, v3, 2, 6, 3, 7), 16);
      }
      for (; ox < ow; ox++) {
        const at = <usize>ox << 3;
        const p0 = load<f32>(r0 + at), p1 = load<f32>(r0 + at, 4), p2 = load<f32>(r1 + at), p3 = load<f32>(r1 + at, 4);
        let best = p0, arg = 0;
        if (best == best) {
          if (!(p1 <= best)) { best = p1; arg = 1; }
          if (best == best && !(p2 <= best)) { best = p2; arg = 2; }
          if (best == best && !(p3 <= best)) { best = p3; arg = 3; }
        }
        const gv = load<f32>(g + (<usize>ox << 2));
        store<f32>(d0 + at, arg == 0 ? 0 + gv : 0);
        store<f32>(d0 + at, arg == 1 ? 0 + gv : 0, 4);
        store<f32>(d1 + at, arg == 2 ? 0 + gv : 0);
        store<f32>(d1 + at, arg == 3 ? 0 + gv : 0, 4);
      }
      // Columns no window covers.
      const tail = <usize>(w - 2 * ow) << 2;
      if (tail > 0) {
        memory.fill(d0 + (<usize>ow << 3), 0, tail);
        memory.fill(d1 + (<usize>ow << 3), 0, tail);
      }
    }
    // Rows no window covers.
    if (h > 2 * oh) memory.fill(pdx + <usize>(2 * oh) * rowBytes, 0, <usize>(h - 2 * oh) * rowBytes);
  }
}
