import { constant_, normal_, ones_, uniform_, zeros_ } from './fill.js';
import { calculateGain } from './gain.js';
import { kaimingNormal_, kaimingUniform_, lecunNormal_, lecunUniform_, xavierNormal_, xavierUniform_ } from './scaled.js';

export type { InitOptions } from './fill.js';
export type { Nonlinearity } from './gain.js';
export type { KaimingOptions, XavierOptions } from './scaled.js';

/**
 * Weight initialisers, as `torch.nn.init`: each fills a tensor in place (by `assign`, unrecorded)
 * and returns it; the random ones take an optional `generator`.
 */
export const init = {
  uniform_, normal_, constant_, zeros_, ones_,
  xavierUniform_, xavierNormal_, kaimingUniform_, kaimingNormal_, lecunUniform_, lecunNormal_,
  calculateGain,
} as const;
