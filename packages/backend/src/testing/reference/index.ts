/**
 * The float64 reference of every kernel in `KERNEL_NAMES` and `OPTIONAL_KERNEL_NAMES`, on host tensors. Written plainly (naive
 * loops over multi-indices, the contract's formulas) and sharing no code with any backend: it is
 * the oracle the conformance suite trusts, and `test/reference*.test.ts` checks it by hand.
 * Results are exact float64 values; the suite rounds them to the result dtype before comparing.
 */
import type { KernelAttrs, KernelName } from '../../kernels.js';
import type { HostInputs, HostTensor } from '../host.js';
import { cast, fill, random } from './creation.js';
import { conv2d, conv2dBackpropFilter, conv2dBackpropInput, conv2dTranspose } from './conv.js';
import { binary, compare, logical, unary, where } from './elementwise.js';
import { fusedConv2d, fusedMatmul } from './fused.js';
import { matmul } from './matmul.js';
import { concat, gather, pad, scatterAdd, slice, transpose, broadcastTo } from './movement.js';
import { avgPool2d, avgPool2dBackward, maxPool2d, maxPool2dBackward } from './pool.js';
import { argReduce, reduce } from './reduce.js';

export type ReferenceKernel<K extends KernelName> = (inputs: HostInputs<K>, attrs: KernelAttrs<K>) => HostTensor;

export const reference: { readonly [K in KernelName]: ReferenceKernel<K> } = {
  unary, binary, compare, logical, where, reduce, argReduce, matmul, fusedMatmul,
  conv2d, fusedConv2d, conv2dBackpropInput, conv2dBackpropFilter, conv2dTranspose,
  maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward,
  transpose, broadcastTo, pad, slice, concat, gather, scatterAdd,
  cast, fill, random,
};

/** Runs the reference of `kernel`. */
export function runReference<K extends KernelName>(kernel: K, inputs: HostInputs<K>, attrs: KernelAttrs<K>): HostTensor {
  return (reference[kernel] as ReferenceKernel<K>)(inputs, attrs);
}

export { castValue } from './creation.js';
export { erf, roundHalfEven, pythonMod } from './special.js';
