/** Elementwise arithmetic, activations, comparisons, softmax, casts and constants. */
import type { OpDef } from '../../op-types.js';
import { ACTIVATION_OPS } from './activations.js';
import { ARITHMETIC_OPS } from './arithmetic.js';
import { CAST_OPS } from './cast.js';
import { CONSTANT_OPS } from './constants.js';
import { LOGIC_OPS } from './logic.js';
import { SOFTMAX_OPS } from './softmax.js';
import { UNARY_OPS } from './unary.js';

export const MATH_OPS: readonly OpDef[] = [...ARITHMETIC_OPS, ...UNARY_OPS, ...ACTIVATION_OPS, ...SOFTMAX_OPS, ...LOGIC_OPS, ...CAST_OPS, ...CONSTANT_OPS];
