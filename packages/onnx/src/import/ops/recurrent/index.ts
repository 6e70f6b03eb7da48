/** Recurrent layers: RNN, GRU, LSTM. */
import type { OpDef } from '../../op-types.js';

export const RECURRENT_OPS: readonly OpDef[] = [];
