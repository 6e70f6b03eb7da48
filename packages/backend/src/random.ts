/**
 * The counter-based random generator every backend shares. Element i of a `random` kernel depends
 * only on (seed, i), so CPU, WebGL and CUDA produce the same numbers for the same seed — a model
 * initialised or trained with dropout on one backend can be replayed on another. Only 32-bit
 * integer multiply, xor and shifts are used, which GLSL ES 3.0 and PTX both have.
 */

/** A 32-bit integer finaliser with low bias (Wellons' "lowbias32"). */
export function hash32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  x ^= x >>> 16;
  return x >>> 0;
}

/** 32 random bits for element `index` of stream `seed`. */
export function randomBits(seed: number, index: number): number {
  const key = hash32((seed ^ 0x9e3779b9) >>> 0);
  return hash32((hash32((index ^ key) >>> 0) + key) >>> 0);
}

const TWO_POW_24 = 16777216;

/** Uniform in [0, 1) with 24 bits, exactly representable in float32. */
export function uniformAt(seed: number, index: number): number {
  return (randomBits(seed, index) >>> 8) / TWO_POW_24;
}

/** Standard normal by Box–Muller from elements 2i and 2i+1 of the stream. */
export function normalAt(seed: number, index: number): number {
  const u1 = ((randomBits(seed, 2 * index) >>> 8) + 1) / TWO_POW_24; // (0, 1]: log is finite
  const u2 = (randomBits(seed, 2 * index + 1) >>> 8) / TWO_POW_24;
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
