/** Training losses ONNX expresses as ops (NegativeLogLikelihoodLoss, SoftmaxCrossEntropyLoss). */
import type { OpDef } from '../../op-types.js';
import { CLASS_LOSS_OPS } from './class-losses.js';

export const LOSS_OPS: readonly OpDef[] = [...CLASS_LOSS_OPS];
