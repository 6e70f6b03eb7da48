/**
 * The epilogue of the fused kernels (fusedMatmul, fusedConv2d): acc = act(acc + bias[channel]),
 * applied in the product's shader before it writes, so the fusion costs no pass at all. As the
 * unfused kernels: the bias added in float32, then relu as the unary kernel (x < 0 ? 0 : x, NaN kept).
 */
import { ShapeError, fmtShape } from '@pistil/backend';
import type { FusedActivation, TensorInfo } from '@pistil/backend';
import { requireSameDType } from './checks.js';

export interface Epilogue {
  readonly bias: TensorInfo | undefined;
  readonly relu: boolean;
}

/** Checks a fused kernel's bias (same dtype as `x`, shape [channels]) and resolves its epilogue. */
export function epilogueOf(op: string, x: TensorInfo, bias: TensorInfo | undefined, channels: number, activation: FusedActivation): Epilogue {
  if (activation !== 'none' && activation !== 'relu') throw new TypeError(`${op}: unknown activation '${String(activation)}'`);
  if (bias) {
    requireSameDType(op, { x, bias });
    if (bias.shape.length !== 1 || bias.shape[0] !== channels) throw new ShapeError(`${op}: bias has shape ${fmtShape(bias.shape)}, expected [${channels}]`);
  }
  return { bias, relu: activation === 'relu' };
}

/** GLSL statements applying the epilogue to float `acc`; the bias is the shader input `bias`, read at int `channel`. */
export function epilogueGlsl(e: Epilogue | undefined, channel: string): string {
  if (!e) return '';
  return [e.bias ? `acc += get_bias(${channel});` : '', e.relu ? 'acc = acc < 0.0 ? 0.0 : acc;' : ''].filter(Boolean).join('\n  ');
}
