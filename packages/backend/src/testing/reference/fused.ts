/** Reference fused kernels: the primitive references, then the bias and the activation per element. */
import type { FusedActivation, KernelAttrs } from '../../kernels.js';
import type { HostTensor } from '../host.js';
import { conv2d } from './conv.js';
import { matmul } from './matmul.js';

/** In place: y = act(y + bias[channel]), the channel of flat index i being ⌊i / inner⌋ mod bias length. */
function epilogue(y: HostTensor, bias: HostTensor | undefined, inner: number, activation: FusedActivation): HostTensor {
  const channels = bias?.data.length ?? 1;
  for (let i = 0; i < y.data.length; i++) {
    let v = y.data[i]! + (bias ? bias.data[Math.floor(i / inner) % channels]! : 0);
    if (activation === 'relu') v = Number.isNaN(v) ? NaN : v > 0 ? v : 0;
    y.data[i] = v;
  }
  return y;
}

export function fusedMatmul({ a, b, bias }: { a: HostTensor; b: HostTensor; bias?: HostTensor }, attrs: KernelAttrs<'fusedMatmul'>): HostTensor {
  return epilogue(matmul({ a, b }, attrs), bias, 1, attrs.activation);
}

export function fusedConv2d({ x, w, bias }: { x: HostTensor; w: HostTensor; bias?: HostTensor }, attrs: KernelAttrs<'fusedConv2d'>): HostTensor {
  const y = conv2d({ x, w }, attrs);
  return epilogue(y, bias, (y.shape[2] ?? 1) * (y.shape[3] ?? 1), attrs.activation);
}
