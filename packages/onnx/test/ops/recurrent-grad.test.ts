/**
 * Finite-difference gradient checks of RNN, GRU and LSTM through time, in float64, with respect to
 * every fed input (the weights are fed to check theirs), for each output; and training of an
 * imported model whose weights are initializers.
 */
import { describe, expect, it } from 'vitest';
import { backward, gradcheck, sum, tidy } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { importOnnx } from '../../src/index.js';
import { attr } from '../../src/export/graph-builder.js';
import { buildOpModel, toPistil } from '../helpers/single-op.js';
import { recurrentCase } from '../helpers/recurrent.js';
import type { RecurrentSetup } from '../helpers/recurrent.js';

function checkGrad(setup: RecurrentSetup): void {
  const c = recurrentCase({ hidden: 2, inputSize: 2, seq: 3, batch: 2, weightsAsFeeds: true, ...setup });
  const model = importOnnx(buildOpModel(c));
  model.double();
  const names = Object.keys(c.feeds!);
  const inputs = names.map((n) => toPistil(c.feeds![n]!));
  try {
    for (let out = 0; out < c.outputs!; out++) {
      const f = (...xs: Tensor[]): Tensor => model.run(Object.fromEntries(names.map((n, i) => [n, xs[i]!])))[`y${out}`]!;
      const result = gradcheck(f, inputs, { atol: 1e-5, rtol: 1e-3 });
      expect(result.checkedElements).toBeGreaterThan(0);
    }
  } finally {
    for (const t of inputs) t.dispose();
    model.dispose();
  }
}

describe('gradients of the recurrent handlers', () => {
  it('RNN: bidirectional with B and initial_h; reverse with a LeakyRelu', () => {
    checkGrad({ opType: 'RNN', direction: 'bidirectional', bias: true, initialH: true });
    checkGrad({ opType: 'RNN', direction: 'reverse', attrs: { activations: attr.strings(['LeakyRelu']), activation_alpha: attr.floats([0.1]) }, seed: 3 });
  });

  it('GRU: bidirectional, with and without linear_before_reset', () => {
    checkGrad({ opType: 'GRU', direction: 'bidirectional', bias: true, initialH: true });
    checkGrad({ opType: 'GRU', direction: 'bidirectional', bias: true, initialH: true, attrs: { linear_before_reset: attr.int(1) }, seed: 5 });
  });

  it('LSTM: bidirectional with peepholes and initial states; input_forget; batch first', () => {
    checkGrad({ opType: 'LSTM', direction: 'bidirectional', bias: true, initialH: true, initialC: true, peepholes: true });
    checkGrad({ opType: 'LSTM', bias: true, peepholes: true, attrs: { input_forget: attr.int(1) }, seed: 7 });
    checkGrad({ opType: 'LSTM', layout: 1, direction: 'reverse', bias: true, initialH: true, initialC: true, seed: 9 });
  });

  it('sequence_lens: masked steps pass the gradient to the state they keep', () => {
    checkGrad({ opType: 'GRU', direction: 'bidirectional', seqLens: [3, 1], bias: true, initialH: true, seed: 11 });
    checkGrad({ opType: 'LSTM', direction: 'bidirectional', seqLens: [2, 3], bias: true, initialH: true, initialC: true, peepholes: true, seed: 13 });
  });

  it('an imported LSTM trains: every weight initializer is a parameter that gets a gradient', () => {
    const c = recurrentCase({ opType: 'LSTM', direction: 'bidirectional', bias: true, initialH: true, initialC: true, peepholes: true });
    const model = importOnnx(buildOpModel(c));
    model.train(true);
    const x = toPistil(c.feeds!.x!);
    try {
      const params = model.parameters();
      expect(params.length).toBe(6);
      tidy(() => {
        const out = model.run({ x });
        backward(sum(out.y0!));
      });
      for (const p of params) {
        expect(p.grad, 'a parameter without a gradient').not.toBeNull();
        expect(Array.from(p.grad!.dataSync() as Float32Array).some((v) => v !== 0)).toBe(true);
      }
    } finally {
      x.dispose();
      model.dispose();
    }
  });
});
