import type { Generator } from '@pistil/nn';

/** Uniform on [low, high). */
export function uniform(generator: Generator, low: number, high: number): number {
  return low + (high - low) * generator.random();
}

/** An integer uniform in [low, high). */
export function randint(generator: Generator, low: number, high: number): number {
  return low + Math.floor(generator.random() * (high - low));
}

/** A random permutation of 0…n−1 (Fisher–Yates), fixed by the generator's state. */
export function randperm(n: number, generator: Generator): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(generator.random() * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}

/** Mixes two 32-bit values into one well-spread 32-bit seed (murmur3's finaliser). */
export function mix32(a: number, b: number): number {
  let h = (a ^ Math.imul(b + 1, 0x9e3779b9)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
