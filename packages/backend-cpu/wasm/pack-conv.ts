/**
 * sgemm's B packing for a convolution whose im2col matrix is never written out: the packed
 * panels are read straight from a zero-padded copy of the image, stride 1 along the width. Tap
 * t = (channel, ki, kj) of output pixel (oy, ox) is xp[off[t] + oy·rowStep + ox], with
 * off[t] = channel·planeSize + ki·dh·Wp + kj·dw. B is the im2col matrix [taps, pixels] (the
 * forward pass: panels of 8 pixels) or, `transposed`, its transpose [pixels, taps] (the filter
 * gradient dy · im2colᵀ: panels of 8 taps).
 *
 * A descriptor (i32 fields at byte offsets): xp 0, Wp 4, ow 8, pixels 12, rowStep 16, off 20,
 * transposed 24.
 */

/** Bytes of a descriptor. */
export const CONV_B_BYTES: usize = 32;

/** Fills a descriptor at d. */
// @ts-ignore: decorator
@inline export function setConvB(d: usize, xp: usize, wp: i32, ow: i32, pixels: i32, rowStep: i32, off: usize, transposed: bool): void {
  store<i32>(d, <i32>xp); store<i32>(d, wp, 4); store<i32>(d, ow, 8);
  store<i32>(d, pixels, 12); store<i32>(d, rowStep, 16); store<i32>(d, <i32>off, 20); store<i32>(d, transposed ? 1 : 0, 24);
}

/**
 * dst[panel][p][j] = B(pc + p, jc + panel·8 + j) for the transposed B: pixel pc + p, tap
 * jc + panel·8 + j; every panel packed (images[panel] = 0). Taps past the last take the first
 * one's values (sgemm discards those columns).
 */
function packBConvT(d: usize, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize, images: usize): void {
  const xp = <usize>load<i32>(d), ow = load<i32>(d, 8), rowStep = load<i32>(d, 16), off = <usize>load<i32>(d, 20);
  for (let jr = 0; jr < nc; jr += 8) {
    store<i32>(images + (<usize>(jr >> 3) << 2), 0);
    const nv = min(8, nc - jr), taps = off + (<usize>(jc + jr) << 2);
    const o0 = <usize>load<i32>(taps) << 2;
    const o1 = nv > 1 ? <usize>load<i32>(taps, 4) << 2 : o0, o2 = nv > 2 ? <usize>load<i32>(taps, 8) << 2 : o0;
    const o3 = nv > 3 ? <usize>load<i32>(taps, 12) << 2 : o0, o4 = nv > 4 ? <usize>load<i32>(taps, 16) << 2 : o0;
    const o5 = nv > 5 ? <usize>load<i32>(taps, 20) << 2 : o0, o6 = nv > 6 ? <usize>load<i32>(taps, 24) << 2 : o0;
    const o7 = nv > 7 ? <usize>load<i32>(taps, 28) << 2 : o0;
    let oy = pc / ow, ox = pc - oy * ow;
    for (let p = 0, q = dst + (<usize>(jr * kc) << 2); p < kc; p++, q += 32) {
      const s = xp + (<usize>(oy * rowStep + ox) << 2);
      v128.store(q, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(s + o0)), 1, load<f32>(s + o1)), 2, load<f32>(s + o2)), 3, load<f32>(s + o3)));
      v128.store(q, f32x4.replace_lane(f32x4.replace_lane(f32x4.replace_lane(f32x4.splat(load<f32>(s + o4)), 1, load<f32>(s + o5)), 2, load<f32>(s + o6)), 3, load<f32>(s + o7)), 16);
      if (++ox == ow) {
        ox = 0;
        oy++;
      }
    }
  }
}

/**
 * dst[panel][p][j] = B(pc + p, jc + panel·8 + j), B the im2col matrix of descriptor d, for the
 * panels that span two image rows or more; images[panel] = 0 for those. A panel inside one row is
 * not copied: images[panel] = the address of its first pixel in the padded image (not 0), and
 * sgemm reads its row p at images[panel] + 4·off[pc + p]. Columns past the last pixel get
 * whatever the padded copy holds there: sgemm discards those columns. Reads up to rowStep + 16
 * floats past the padded image (callers leave that much room).
 */
export function packBConv(d: usize, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize, images: usize): void {
  if (load<i32>(d, 24) != 0) {
    packBConvT(d, pc, jc, kc, nc, dst, images);
    return;
  }
  const xp = <usize>load<i32>(d), ow = load<i32>(d, 8), pixels = load<i32>(d, 12), rowStep = load<i32>(d, 16);
  const off = <usize>load<i32>(d, 20) + (<usize>pc << 2);
  for (let jr = 0; jr < nc; jr += 8) {
    const q0 = jc + jr, oy = q0 / ow, ox = q0 - oy * ow;
    const base = dst + (<usize>(jr * kc) << 2);
    const a = xp + (<usize>(oy * rowStep + ox) << 2), len = min(8, ow - ox);
    store<i32>(images + (<usize>(jr >> 3) << 2), len == 8 ? <i32>a : 0);
    if (len == 8) continue;
    if (ow >= 8) {
      // The panel runs past the row's end: lanes j < len from row oy (from ox), the others from
      // row oy + 1 (from 0), loaded `len` floats early so that lane j holds its pixel j − len
      // (in the padded copy: row oy + 1 starts at least Wp ≥ 8 floats in).
      const b = xp + (<usize>((oy + 1) * rowStep - len) << 2);
      const lo = i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(len)), hi = i32x4.lt_s(i32x4(4, 5, 6, 7), i32x4.splat(len));
      for (let p = 0, q = base; p < kc; p++, q += 32) {
        const o = <usize>load<i32>(off + (<usize>p << 2)) << 2;
        v128.store(q, v128.bitselect(v128.load(a + o), v128.load(b + o), lo));
        v128.store(q, v128.bitselect(v128.load(a + o, 16), v128.load(b + o, 16), hi), 16);
      }
      continue;
    }
    // Rows narrower than a panel: each column from its own pixel.
    for (let j = 0; j < min(8, pixels - q0); j++) {
      const q = q0 + j, y = q / ow, src = xp + (<usize>(y * rowStep + q - y * ow) << 2);
      for (let p = 0, t = base + (<usize>j << 2); p < kc; p++, t += 32) store<f32>(t, load<f32>(src + (<usize>load<i32>(off + (<usize>p << 2)) << 2)));
    }
  }
}
