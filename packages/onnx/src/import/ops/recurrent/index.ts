/** Recurrent layers: RNN, GRU, LSTM. */
import type { OpDef } from '../../op-types.js';
import { GRU_OPS } from './gru.js';
import { LSTM_OPS } from './lstm.js';
import { RNN_OPS } from './rnn.js';

export const RECURRENT_OPS: readonly OpDef[] = [...RNN_OPS, ...GRU_OPS, ...LSTM_OPS];
