/** Training losses ONNX expresses as ops (NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss). */
import type { OpDef } from '../../op-types.js';

export const LOSS_OPS: readonly OpDef[] = [];
