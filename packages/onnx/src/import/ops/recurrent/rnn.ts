/** RNN: Ht = f(Xt·Wᵀ + Ht-1·Rᵀ + Wb + Rb), f = Tanh by default. */
import { add, matmul, transpose } from '@pistil/nn';
import type { OpDef } from '../../op-types.js';
import { runRecurrent } from './common.js';
import type { RecurrentCell } from './common.js';

const RNN_CELL: RecurrentCell = {
  gates: 1,
  defaultActivations: ['Tanh'],
  cellState: false,
  direction: (_ctx, { r, wb, rb, acts, clip }) => {
    const rT = transpose(r, 0, 1);
    const f = acts[0]!;
    return {
      inputBias: wb && rb && add(wb, rb),
      step: (xw, { h }) => ({ h: f(clip(add(xw, matmul(h, rT)))) }),
    };
  },
};

export const RNN_OPS: readonly OpDef[] = [
  {
    opType: 'RNN',
    since: 1,
    hostInputs: [4],
    notes: 'layout (opset 14), sequence_lens (masked steps), every ONNX activation',
    run: (ctx) => runRecurrent(ctx, RNN_CELL),
  },
];
