/**
 * GRU, gates in ONNX order z (update), r (reset), h (hidden); f = Sigmoid, g = Tanh by default:
 *   z = f(Xt·Wzᵀ + Ht-1·Rzᵀ + Wbz + Rbz),  r = f(Xt·Wrᵀ + Ht-1·Rrᵀ + Wbr + Rbr)
 *   h = g(Xt·Whᵀ + (r ⊙ Ht-1)·Rhᵀ + Rbh + Wbh)          (linear_before_reset = 0)
 *   h = g(Xt·Whᵀ + r ⊙ (Ht-1·Rhᵀ + Rbh) + Wbh)          (linear_before_reset ≠ 0)
 *   Ht = (1 − z) ⊙ h + z ⊙ Ht-1
 */
import { add, concat, matmul, mul, narrow, sub, transpose } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext, OpDef } from '../../op-types.js';
import { runRecurrent } from './common.js';
import type { DirectionCell, DirectionWeights, RecurrentCell } from './common.js';

function gruDirection(ctx: OpContext, { r, wb, rb, acts, hidden: n, clip }: DirectionWeights): DirectionCell {
  const linearBeforeReset = ctx.attrs.int('linear_before_reset', 0) !== 0;
  const [f, g] = acts as [(x: Tensor) => Tensor, (x: Tensor) => Tensor];
  const rT = transpose(r, 0, 1);
  const rzrT = narrow(rT, 1, 0, 2 * n);
  const rhT = narrow(rT, 1, 2 * n, n);
  // Both biases of z and r fold into the input projection; Rbh too unless it sits inside r ⊙ (…).
  const inputBias = wb && rb && (linearBeforeReset ? concat([add(narrow(wb, 0, 0, 2 * n), narrow(rb, 0, 0, 2 * n)), narrow(wb, 0, 2 * n, n)]) : add(wb, rb));
  const rbh = rb && narrow(rb, 0, 2 * n, n);
  return {
    inputBias,
    step: (xw, { h: prev }) => {
      const zr = add(narrow(xw, 1, 0, 2 * n), matmul(prev, rzrT));
      const z = f(clip(narrow(zr, 1, 0, n)));
      const reset = f(clip(narrow(zr, 1, n, n)));
      const xh = narrow(xw, 1, 2 * n, n);
      let recurrent: Tensor;
      if (linearBeforeReset) {
        const hr = matmul(prev, rhT);
        recurrent = mul(reset, rbh ? add(hr, rbh) : hr);
      } else {
        recurrent = matmul(mul(reset, prev), rhT);
      }
      const candidate = g(clip(add(xh, recurrent)));
      // (1 − z) ⊙ h + z ⊙ Ht-1, written with one product less.
      return { h: add(candidate, mul(z, sub(prev, candidate))) };
    },
  };
}

const GRU_CELL: RecurrentCell = { gates: 3, defaultActivations: ['Sigmoid', 'Tanh'], cellState: false, direction: gruDirection };

export const GRU_OPS: readonly OpDef[] = [
  {
    opType: 'GRU',
    since: 1,
    hostInputs: [4],
    notes: 'layout (opset 14), linear_before_reset, sequence_lens (masked steps), every ONNX activation',
    run: (ctx) => runRecurrent(ctx, GRU_CELL),
  },
];
