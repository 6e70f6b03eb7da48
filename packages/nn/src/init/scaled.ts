/** Variance-scaling initialisers: Xavier/Glorot, Kaiming/He, LeCun (std from the weight's fans). */
import type { Tensor } from '../tensor.js';
import { normal_, uniform_ } from './fill.js';
import type { InitOptions } from './fill.js';
import { calculateGain, fans } from './gain.js';
import type { Nonlinearity } from './gain.js';

export interface XavierOptions extends InitOptions {
  gain?: number;
}

export interface KaimingOptions extends InitOptions {
  /** Negative slope of the leaky ReLU that follows (used when nonlinearity is 'leakyRelu'; default 0). */
  a?: number;
  /** Preserve the variance of activations ('fanIn', default) or of gradients ('fanOut'). */
  mode?: 'fanIn' | 'fanOut';
  /** Default 'leakyRelu' (with a = 0 that is ReLU's gain √2), as PyTorch. */
  nonlinearity?: Nonlinearity;
}

function xavierStd(op: string, t: Tensor, gain: number): number {
  const { fanIn, fanOut } = fans(op, t);
  return gain * Math.sqrt(2 / (fanIn + fanOut));
}

function kaimingStd(op: string, t: Tensor, options: KaimingOptions): number {
  const { fanIn, fanOut } = fans(op, t);
  const mode = options.mode ?? 'fanIn';
  if (mode !== 'fanIn' && mode !== 'fanOut') throw new TypeError(`${op}: mode must be 'fanIn' or 'fanOut', got '${String(mode)}'`);
  return calculateGain(options.nonlinearity ?? 'leakyRelu', options.a ?? 0) / Math.sqrt(mode === 'fanIn' ? fanIn : fanOut);
}

/** U(−b, b) with b = gain·√(6/(fanIn + fanOut)), as `xavier_uniform_`. A tensor with no elements is left as is. */
export function xavierUniform_(t: Tensor, options: XavierOptions = {}): Tensor {
  const bound = Math.sqrt(3) * xavierStd('init.xavierUniform_', t, options.gain ?? 1);
  return t.size === 0 ? t : uniform_(t, -bound, bound, options);
}

/** N(0, std²) with std = gain·√(2/(fanIn + fanOut)), as `xavier_normal_`. */
export function xavierNormal_(t: Tensor, options: XavierOptions = {}): Tensor {
  const std = xavierStd('init.xavierNormal_', t, options.gain ?? 1);
  return t.size === 0 ? t : normal_(t, 0, std, options);
}

/** U(−b, b) with b = gain·√(3/fan), as `kaiming_uniform_` (gain from nonlinearity and a). */
export function kaimingUniform_(t: Tensor, options: KaimingOptions = {}): Tensor {
  if (t.size === 0) return t;
  const bound = Math.sqrt(3) * kaimingStd('init.kaimingUniform_', t, options);
  return uniform_(t, -bound, bound, options);
}

/** N(0, std²) with std = gain/√fan, as `kaiming_normal_`. */
export function kaimingNormal_(t: Tensor, options: KaimingOptions = {}): Tensor {
  if (t.size === 0) return t;
  return normal_(t, 0, kaimingStd('init.kaimingNormal_', t, options), options);
}

/** U(−b, b) with b = √(3/fanIn): LeCun's uniform initialisation (variance 1/fanIn). */
export function lecunUniform_(t: Tensor, options: InitOptions = {}): Tensor {
  const bound = Math.sqrt(3 / fans('init.lecunUniform_', t).fanIn);
  return t.size === 0 ? t : uniform_(t, -bound, bound, options);
}

/** N(0, 1/fanIn): LeCun's normal initialisation (not truncated). */
export function lecunNormal_(t: Tensor, options: InitOptions = {}): Tensor {
  const std = Math.sqrt(1 / fans('init.lecunNormal_', t).fanIn);
  return t.size === 0 ? t : normal_(t, 0, std, options);
}
