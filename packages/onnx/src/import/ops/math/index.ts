/** Elementwise arithmetic, activations, comparisons, softmax, casts and constants. */
import type { OpDef } from '../../op-types.js';
import { ACTIVATION_OPS } from './activations.js';

export const MATH_OPS: readonly OpDef[] = [...ACTIVATION_OPS];
