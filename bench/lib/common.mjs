// Shared helpers: a seeded PRNG so every library sees the same weights and inputs, the
// canonical (PyTorch-layout) weight generator, and the warm-up + timing loop.

/** mulberry32: a tiny seeded generator of uniform floats in [0, 1). */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n floats uniform in [lo, hi). */
export function uniform(n, lo, hi, seed) {
  const r = rng(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * r();
  return out;
}

/** n int32 class labels in [0, classes). */
export function labels(n, classes, seed) {
  const r = rng(seed);
  return Int32Array.from({ length: n }, () => Math.floor(r() * classes));
}

const size = (shape) => shape.reduce((a, b) => a * b, 1);

/**
 * Weights in PyTorch layout (conv [O, C, KH, KW], linear [out, in]) from a spec
 * { name: { shape, init } }: init 'fan' is U(±1/√fanIn) as PyTorch's default, 'one' / 'zero' for norms.
 */
export function canonicalWeights(spec, seed) {
  const out = {};
  let s = seed;
  for (const [name, { shape, init, fanIn }] of Object.entries(spec)) {
    const n = size(shape);
    if (init === 'one') out[name] = { shape, data: new Float32Array(n).fill(1) };
    else if (init === 'zero') out[name] = { shape, data: new Float32Array(n) };
    else {
      const bound = 1 / Math.sqrt(fanIn ?? size(shape.slice(1)));
      out[name] = { shape, data: uniform(n, -bound, bound, s++) };
    }
  }
  return out;
}

/** NCHW data → NHWC data (tfjs works channels-last). */
export function nchwToNhwc(data, [n, c, h, w]) {
  const out = new Float32Array(data.length);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < c; ch++)
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++) out[((b * h + y) * w + x) * c + ch] = data[((b * c + ch) * h + y) * w + x];
  return out;
}

/** Every `step`-th value, as a plain array (a sample of a big gradient for the correctness check). */
export function sample(data, step = 1) {
  const out = [];
  for (let i = 0; i < data.length; i += step) out.push(data[i]);
  return out;
}

/** Elementwise a − b as a plain array. */
export function minus(a, b) {
  return Array.from(a, (v, i) => v - b[i]);
}

/**
 * Runs `step` (sync or async) to warm up (at least `minWarmup` times and `warmupSeconds`; none
 * when minWarmup is 0), then times it for at least `seconds` (at least one iteration).
 */
export async function measure(step, { seconds = 1.5, warmupSeconds = 0.3, minWarmup = 1 } = {}) {
  let t0 = performance.now();
  let warm = 0;
  while (minWarmup > 0 && (warm < minWarmup || (performance.now() - t0) / 1000 < warmupSeconds)) {
    await step();
    warm++;
  }
  const times = [];
  t0 = performance.now();
  do {
    const t = performance.now();
    await step();
    times.push(performance.now() - t);
  } while ((performance.now() - t0) / 1000 < seconds);
  times.sort((a, b) => a - b);
  const total = times.reduce((a, b) => a + b, 0);
  return { iters: times.length, warmup: warm, msPerIter: total / times.length, msMedian: times[times.length >> 1], msMin: times[0] };
}
