/** RNN, GRU and LSTM against onnxruntime: directions, layouts, biases, initial states, activations, clip. */
import { describe, expect, it } from 'vitest';
import { attr } from '../../src/export/graph-builder.js';
import { checkAgainstOrt, expectClose, runOrt, runPistil } from '../helpers/single-op.js';
import { buildWithOutputs, checkAgainstOrtOf, checkBatchFirst, recurrentCase } from '../helpers/recurrent.js';
import type { RecurrentOp } from '../helpers/recurrent.js';

const TOL = { rtol: 1e-4, atol: 1e-5 };
const OPS: readonly RecurrentOp[] = ['RNN', 'GRU', 'LSTM'];
const DIRECTIONS = ['forward', 'reverse', 'bidirectional'] as const;

describe.each(OPS)('%s', (opType) => {
  it('every direction, with and without B and initial states, at opsets 7 and 14', async () => {
    for (const opset of [7, 14]) {
      for (const direction of DIRECTIONS) {
        await checkAgainstOrt(recurrentCase({ opType, opset, direction, bias: true, initialH: true, initialC: opType === 'LSTM' }), TOL);
        await checkAgainstOrt(recurrentCase({ opType, opset, direction, seed: 7 }), TOL);
      }
    }
  });

  it('hidden_size inferred from W, batch 1 and a single step', async () => {
    // onnxruntime requires hidden_size: its model has it, Pistil's (same values) does not.
    const setup = { opType, hidden: 5, inputSize: 3, bias: true };
    await checkAgainstOrtOf(recurrentCase({ ...setup, noHiddenSizeAttr: true }), recurrentCase(setup));
    await checkAgainstOrt(recurrentCase({ opType, batch: 1, seq: 1, direction: 'bidirectional', bias: true, initialH: true }), TOL);
  });

  it('layout = 1 (batch first), opset 14', async () => {
    for (const direction of DIRECTIONS) {
      await checkBatchFirst({ opType, direction, batch: 3, bias: true, initialH: true, initialC: opType === 'LSTM', seed: 11 });
    }
  });

  it('sequence_lens shorter than the sequence: zeros past each end, Y_h at the last valid step', async () => {
    for (const direction of DIRECTIONS) {
      await checkAgainstOrt(recurrentCase({ opType, direction, batch: 3, seq: 5, seqLens: [5, 2, 3], bias: true, initialH: true, initialC: opType === 'LSTM', seed: 13 }), TOL);
      await checkBatchFirst({ opType, direction, batch: 2, seq: 3, seqLens: [1, 3], seed: 17 });
    }
    // An empty sequence: zero outputs and, as onnxruntime, zero final states.
    await checkAgainstOrt(recurrentCase({ opType, direction: 'bidirectional', batch: 2, seq: 3, seqLens: [0, 3], bias: true, initialH: true, initialC: true, seed: 18 }), TOL);
    // All full length: no masking at all.
    await checkAgainstOrt(recurrentCase({ opType, direction: 'bidirectional', batch: 2, seq: 3, seqLens: [3, 3], seed: 19 }), TOL);
  });

  it('computes only the outputs the node asks for', async () => {
    const c = recurrentCase({ opType, direction: 'bidirectional', bias: true, initialH: true, initialC: true, seed: 21 });
    const choices = opType === 'LSTM' ? [['', 'yh'], ['y', ''], ['', '', 'yc'], ['', 'yh', 'yc']] : [['', 'yh'], ['y']];
    for (const outputs of choices) {
      const bytes = buildWithOutputs(c, outputs);
      const expected = await runOrt(bytes, c.feeds!);
      const actual = runPistil(bytes, c.feeds!);
      expect(actual.length).toBe(outputs.filter(Boolean).length);
      expected.forEach((e, i) => expectClose(actual[i]!, e, TOL));
    }
  });

  it('clip bounds every gate input', async () => {
    for (const direction of ['forward', 'bidirectional'] as const) {
      await checkAgainstOrt(recurrentCase({ opType, direction, bias: true, initialH: true, attrs: { clip: attr.float(0.3) }, seed: 23 }), TOL);
    }
  });
});

describe('RNN activations', () => {
  const one = (name: string, alpha?: number, beta?: number) => ({
    activations: attr.strings([name]),
    ...(alpha === undefined ? {} : { activation_alpha: attr.floats([alpha]) }),
    ...(beta === undefined ? {} : { activation_beta: attr.floats([beta]) }),
  });

  it('each ONNX activation, with and without its alpha/beta', async () => {
    const cases = [
      one('Relu'), one('Tanh'), one('Sigmoid'), one('Softsign'), one('Softplus'),
      one('LeakyRelu'), one('LeakyRelu', 0.3), one('Elu'), one('Elu', 0.5),
      one('HardSigmoid'), one('HardSigmoid', 0.4, 0.3), one('Affine', 0.5, 0.1), one('ScaledTanh', 1.5, 0.7),
      one('ThresholdedRelu', 0.2), one('ThresholdedRelu'),
    ];
    for (const attrs of cases) await checkAgainstOrt(recurrentCase({ opType: 'RNN', bias: true, attrs, seed: 29 }), TOL);
  });

  it('one list per direction (alphas consumed in order), names in any case, one list shared by both directions, two for one', async () => {
    const attrs = { activations: attr.strings(['LeakyRelu', 'HardSigmoid']), activation_alpha: attr.floats([0.2, 0.3]), activation_beta: attr.floats([0.4]) };
    await checkAgainstOrt(recurrentCase({ opType: 'RNN', direction: 'bidirectional', bias: true, attrs, seed: 31 }), TOL);
    // onnxruntime's RNN wants the exact names (its GRU and LSTM ignore the case, as Pistil does).
    const setup = { opType: 'RNN', direction: 'bidirectional', seed: 37 } as const;
    await checkAgainstOrtOf(recurrentCase({ ...setup, attrs: { activations: attr.strings(['relu', 'TANH']) } }), recurrentCase({ ...setup, attrs: { activations: attr.strings(['Relu', 'Tanh']) } }));
    await checkAgainstOrtOf(recurrentCase({ ...setup, attrs: { activations: attr.strings(['Relu']) } }), recurrentCase({ ...setup, attrs: { activations: attr.strings(['Relu', 'Relu']) } }));
    // A forward RNN given two names uses the first, as onnxruntime.
    await checkAgainstOrt(recurrentCase({ opType: 'RNN', attrs: { activations: attr.strings(['Relu', 'Tanh']) }, seed: 39 }), TOL);
  });
});

describe('GRU attributes', () => {
  it('linear_before_reset at opsets 7 and 14, every direction', async () => {
    for (const opset of [7, 14]) {
      for (const direction of DIRECTIONS) {
        await checkAgainstOrt(recurrentCase({ opType: 'GRU', opset, direction, bias: true, initialH: true, attrs: { linear_before_reset: attr.int(1) }, seed: 41 }), TOL);
      }
    }
    await checkAgainstOrt(recurrentCase({ opType: 'GRU', attrs: { linear_before_reset: attr.int(1) }, seed: 43 }), TOL);
    await checkAgainstOrt(recurrentCase({ opType: 'GRU', direction: 'reverse', seqLens: [2, 4], bias: true, attrs: { linear_before_reset: attr.int(1), clip: attr.float(0.5) }, seed: 47 }), TOL);
  });

  it('custom activations (f and g per direction)', async () => {
    const attrs = { activations: attr.strings(['HardSigmoid', 'Relu', 'Sigmoid', 'Softsign']), activation_alpha: attr.floats([0.25]), activation_beta: attr.floats([0.45]) };
    await checkAgainstOrt(recurrentCase({ opType: 'GRU', direction: 'bidirectional', bias: true, initialH: true, attrs, seed: 53 }), TOL);
  });
});

describe('LSTM attributes', () => {
  it('peepholes in every direction, at opsets 7 and 14, and with a layout', async () => {
    for (const opset of [7, 14]) {
      for (const direction of DIRECTIONS) {
        await checkAgainstOrt(recurrentCase({ opType: 'LSTM', opset, direction, bias: true, initialH: true, initialC: true, peepholes: true, seed: 59 }), TOL);
      }
    }
    await checkBatchFirst({ opType: 'LSTM', direction: 'bidirectional', peepholes: true, initialC: true, initialH: true, seed: 61 });
  });

  it('input_forget couples the forget gate to the input gate', async () => {
    for (const direction of ['forward', 'bidirectional'] as const) {
      await checkAgainstOrt(recurrentCase({ opType: 'LSTM', direction, bias: true, peepholes: true, initialH: true, initialC: true, attrs: { input_forget: attr.int(1) }, seed: 67 }), TOL);
    }
  });

  it('peepholes and clip with sequence_lens', async () => {
    await checkAgainstOrt(recurrentCase({ opType: 'LSTM', direction: 'bidirectional', batch: 3, seq: 4, seqLens: [4, 1, 2], bias: true, peepholes: true, initialH: true, initialC: true, attrs: { clip: attr.float(0.4) }, seed: 71 }), TOL);
  });

  it('custom activations (f, g and h per direction)', async () => {
    const attrs = { activations: attr.strings(['HardSigmoid', 'Elu', 'Softsign', 'Sigmoid', 'Tanh', 'ScaledTanh']), activation_alpha: attr.floats([0.3, 0.8, 1.2]), activation_beta: attr.floats([0.6, 0.9]) };
    await checkAgainstOrt(recurrentCase({ opType: 'LSTM', direction: 'bidirectional', bias: true, peepholes: true, attrs, seed: 73 }), TOL);
  });
});
