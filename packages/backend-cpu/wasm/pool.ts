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
