/**
 * LSTM, gates in ONNX order i (input), o (output), f (forget), c (cell); f = Sigmoid, g = h = Tanh
 * by default; peepholes P in order i, o, f:
 *   i = f(Xt·Wiᵀ + Ht-1·Riᵀ + Pi ⊙ Ct-1 + Wbi + Rbi),  fg = f(… + Pf ⊙ Ct-1 …)  (1 − i with input_forget)
 *   c = g(Xt·Wcᵀ + Ht-1·Rcᵀ + Wbc + Rbc),  Ct = fg ⊙ Ct-1 + i ⊙ c
 *   o = f(Xt·Woᵀ + Ht-1·Roᵀ + Po ⊙ Ct + Wbo + Rbo),  Ht = o ⊙ h(Ct)
 */
import { add, matmul, mul, narrow, sub, transpose } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { runRecurrent } from './common.js';
import type { DirectionCell, DirectionWeights, RecurrentCell } from './common.js';

type Fn = (x: Tensor) => Tensor;

function lstmDirection(ctx: OpContext, { r, wb, rb, p, acts, hidden: n, clip }: DirectionWeights): DirectionCell {
  const inputForget = ctx.attrs.int('input_forget', 0) !== 0;
  const [f, g, h] = acts as [Fn, Fn, Fn];
  const rT = transpose(r, 0, 1);
  const gate = (all: Tensor, k: number): Tensor => narrow(all, 1, k * n, n);
  const [pi, po, pf] = p ? [0, 1, 2].map((k) => narrow(p, 0, k * n, n)) : [];
  // A peephole term added to a gate's input, when P is given.
  const peep = (x: Tensor, weight: Tensor | undefined, c: Tensor): Tensor => (weight ? add(x, mul(weight, c)) : x);
  return {
    inputBias: wb && rb && add(wb, rb),
    step: (xw, { h: prevH, c: prevC }) => {
      const gates = add(xw, matmul(prevH, rT));
      const input = f(clip(peep(gate(gates, 0), pi, prevC!)));
      const forget = inputForget ? sub(1, input) : f(clip(peep(gate(gates, 2), pf, prevC!)));
      const cell = add(mul(forget, prevC!), mul(input, g(clip(gate(gates, 3)))));
      const output = f(clip(peep(gate(gates, 1), po, cell)));
      return { h: mul(output, h(cell)), c: cell };
    },
  };
}

const LSTM_CELL: RecurrentCell = { gates: 4, defaultActivations: ['Sigmoid', 'Tanh', 'Tanh'], cellState: true, direction: lstmDirection };

export const LSTM_OPS: readonly OpDef[] = [
  {
    opType: 'LSTM',
    since: 1,
    hostInputs: [4],
    notes: 'layout (opset 14), peepholes, input_forget, sequence_lens (masked steps), every ONNX activation',
    run: (ctx) => runRecurrent(ctx, LSTM_CELL),
  },
];
