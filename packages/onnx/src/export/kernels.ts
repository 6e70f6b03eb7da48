/** Every kernel of packages/backend/src/kernels.ts → the ONNX nodes computing it (or why it cannot be exported). */
import type { IrSink } from './ir-sink.js';
import type { KernelCall } from './kernel-call.js';
import { exportArgReduce, exportAvgPool2d, exportConv2d, exportConv2dTranspose, exportMatmul, exportMaxPool2d, exportReduce } from './kernels-compute.js';
import { exportBinary, exportCast, exportCompare, exportFill, exportLogical, exportUnary, exportWhere } from './kernels-elementwise.js';
import { exportBroadcastTo, exportConcat, exportGather, exportPad, exportScatterAdd, exportSlice, exportTranspose } from './kernels-shape.js';

export function exportKernel(call: KernelCall, sink: IrSink): string {
  switch (call.name) {
    case 'unary': return exportUnary(call, sink);
    case 'binary': return exportBinary(call, sink);
    case 'compare': return exportCompare(call, sink);
    case 'logical': return exportLogical(call, sink);
    case 'where': return exportWhere(call, sink);
    case 'cast': return exportCast(call, sink);
    case 'fill': return exportFill(call, sink);
    case 'reduce': return exportReduce(call, sink);
    case 'argReduce': return exportArgReduce(call, sink);
    case 'matmul': return exportMatmul(call, sink);
    case 'conv2d': return exportConv2d(call, sink);
    case 'conv2dTranspose': return exportConv2dTranspose(call, sink);
    case 'maxPool2d': return exportMaxPool2d(call, sink);
    case 'avgPool2d': return exportAvgPool2d(call, sink);
    case 'transpose': return exportTranspose(call, sink);
    case 'broadcastTo': return exportBroadcastTo(call, sink);
    case 'pad': return exportPad(call, sink);
    case 'slice': return exportSlice(call, sink);
    case 'concat': return exportConcat(call, sink);
    case 'gather': return exportGather(call, sink);
    case 'scatterAdd': return exportScatterAdd(call, sink);
    case 'fusedMatmul':
    case 'fusedConv2d':
      // @pistil/nn runs the primitive kernels (matmul/conv2d, add, relu) while a tracer records.
      return sink.fail('a fused kernel was traced; export expects the primitive kernels @pistil/nn runs while tracing');
    case 'random':
      return sink.fail("random numbers have no deterministic ONNX equivalent; export runs the module in eval mode, and this one still draws them there");
    case 'conv2dBackpropInput':
    case 'conv2dBackpropFilter':
    case 'maxPool2dBackward':
    case 'avgPool2dBackward':
      return sink.fail('a gradient kernel has no place in the inference forward pass that export traces');
  }
}
