/** Malformed or unsupported RNN / GRU / LSTM nodes fail with a typed error naming the node and the culprit. */
import { describe, expect, it } from 'vitest';
import { OnnxFormatError, OnnxUnsupportedError } from '../../src/index.js';
import { HostTensor } from '../../src/host-tensor.js';
import { attr } from '../../src/export/graph-builder.js';
import type { AttrValue } from '../../src/export/graph-builder.js';
import { buildOpModel, randomHost, runPistil } from '../helpers/single-op.js';
import type { OpCase } from '../helpers/single-op.js';
import { recurrentCase } from '../helpers/recurrent.js';
import type { RecurrentOp, RecurrentSetup } from '../helpers/recurrent.js';

function expectError(c: OpCase, type: typeof OnnxFormatError | typeof OnnxUnsupportedError, message: RegExp): void {
  const bytes = buildOpModel(c);
  expect(() => runPistil(bytes, c.feeds ?? {})).toThrow(type);
  expect(() => runPistil(bytes, c.feeds ?? {})).toThrow(new RegExp(`node 'under_test' \\(${c.opType}\\).*${message.source}`));
}

const withAttrs = (opType: RecurrentOp, attrs: Record<string, AttrValue>, more: Partial<RecurrentSetup> = {}): OpCase => recurrentCase({ opType, attrs, ...more });

describe.each(['RNN', 'GRU', 'LSTM'] as const)('%s errors', (opType) => {
  it('rejects bad attribute values, naming the attribute and value', () => {
    expectError(withAttrs(opType, { hidden_size: attr.int(4) }), OnnxFormatError, /'hidden_size' = 4 does not match W/);
    expectError(withAttrs(opType, { hidden_size: attr.int(0) }), OnnxFormatError, /'hidden_size' = 0 must be a positive integer/);
    expectError(withAttrs(opType, { direction: attr.string('sideways') }), OnnxFormatError, /'direction' = 'sideways'/);
    expectError(withAttrs(opType, { layout: attr.int(2) }), OnnxFormatError, /'layout' = 2 must be 0 or 1/);
    expectError(withAttrs(opType, { clip: attr.float(-1) }), OnnxFormatError, /'clip' = -1 must be positive/);
    expectError(withAttrs(opType, { activations: attr.strings(new Array<string>(5).fill('Tanh')) }), OnnxFormatError, /'activations' = \[Tanh, Tanh, Tanh, Tanh, Tanh\] must name \d function/);
    const count = { RNN: 1, GRU: 2, LSTM: 3 }[opType];
    expectError(withAttrs(opType, { activations: attr.strings(new Array<string>(count).fill('Gelu')) }), OnnxUnsupportedError, /activation 'Gelu'/);
  });

  it('rejects inputs of the wrong shape, naming the input', () => {
    const c = recurrentCase({ opType, bias: true, initialH: true });
    const g = { RNN: 1, GRU: 3, LSTM: 4 }[opType];
    expectError({ ...c, initializers: { ...c.initializers, r: randomHost([1, g * 3, 2], 1) } }, OnnxFormatError, /input R must have shape \[1, \d+, 3\], got \[1, \d+, 2\]/);
    expectError({ ...c, initializers: { ...c.initializers, b: randomHost([1, g * 3], 1) } }, OnnxFormatError, /input B must have shape/);
    expectError({ ...c, initializers: { ...c.initializers, h0: randomHost([1, 3, 3], 1) } }, OnnxFormatError, /input initial_h must have shape \[1, 2, 3\], got \[1, 3, 3\]/);
    expectError({ ...c, feeds: { x: randomHost([4, 2], 1) } }, OnnxFormatError, /input X must have 3 dims/);
    expectError({ ...c, initializers: { ...c.initializers, w: randomHost([2, g * 3, 2], 1) } }, OnnxFormatError, /input W must have shape \[1, \d+, 2\], got \[2, \d+, 2\]/);
    // Without hidden_size, W's rows must split into the gates.
    const inferred = recurrentCase({ opType, noHiddenSizeAttr: true });
    if (g > 1) expectError({ ...inferred, initializers: { ...inferred.initializers, w: randomHost([1, g * 3 + 1, 2], 1) } }, OnnxFormatError, new RegExp(`input W of shape \\[1, ${g * 3 + 1}, 2\\] must have a positive multiple of ${g} rows`));
  });

  it('rejects sequence_lens out of range or of the wrong shape', () => {
    const c = recurrentCase({ opType, seqLens: [5, 1] });
    expectError(c, OnnxFormatError, /sequence_lens holds 5, outside \[0, 4\]/);
    expectError({ ...c, feeds: { ...c.feeds, lens: HostTensor.of('int32', [3], [1, 2, 3]) } }, OnnxFormatError, /sequence_lens must have shape \[2\], got \[3\]/);
  });

  it('refuses an empty sequence as unsupported', () => {
    const c = recurrentCase({ opType });
    expectError({ ...c, feeds: { x: randomHost([0, 2, 2], 1) } }, OnnxUnsupportedError, /empty sequence/);
  });
});
