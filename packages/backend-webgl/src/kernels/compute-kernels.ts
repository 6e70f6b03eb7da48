/** Reductions, products, convolutions and pooling. */
import type { KernelTable } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { argReduce } from './arg-reduce.js';
import { avgPool2dBackward } from './avg-pool2d-backward.js';
import { avgPool2d } from './avg-pool2d.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { conv2dTranspose } from './conv2d-transpose.js';
import { conv2d, fusedConv2d } from './conv2d.js';
import { fusedMatmul, matmul } from './matmul.js';
import { maxPool2dBackward } from './max-pool2d-backward.js';
import { maxPool2d } from './max-pool2d.js';
import { reduce } from './reduce.js';

export function registerComputeKernels(table: KernelTable<WebGLBackend>): void {
  table.register('reduce', reduce);
  table.register('argReduce', argReduce);
  table.register('matmul', matmul);
  table.register('conv2d', conv2d);
  table.register('conv2dBackpropInput', conv2dBackpropInput);
  table.register('conv2dBackpropFilter', conv2dBackpropFilter);
  table.register('conv2dTranspose', conv2dTranspose);
  table.register('maxPool2d', maxPool2d);
  table.register('maxPool2dBackward', maxPool2dBackward);
  table.register('avgPool2d', avgPool2d);
  table.register('avgPool2dBackward', avgPool2dBackward);
  // optional fusions (OPTIONAL_KERNEL_NAMES): the epilogue in the product's own shader
  table.register('fusedMatmul', fusedMatmul);
  table.register('fusedConv2d', fusedConv2d);
}
