/** Single-node RNN / GRU / LSTM cases with random weights, for the recurrent tests. */
import { HostTensor } from '../../src/host-tensor.js';
import { GraphBuilder, attr } from '../../src/export/graph-builder.js';
import type { AttrValue } from '../../src/export/graph-builder.js';
import { buildOpModel, expectClose, randomHost, runOrt, runPistil } from './single-op.js';
import type { OpCase } from './single-op.js';

export type RecurrentOp = 'RNN' | 'GRU' | 'LSTM';

export const GATES: Readonly<Record<RecurrentOp, number>> = { RNN: 1, GRU: 3, LSTM: 4 };

export interface RecurrentSetup {
  readonly opType: RecurrentOp;
  readonly opset?: number;
  readonly direction?: 'forward' | 'reverse' | 'bidirectional';
  readonly hidden?: number;
  readonly inputSize?: number;
  readonly seq?: number;
  readonly batch?: number;
  /** Batch-first tensors (opset ≥ 14). */
  readonly layout?: 0 | 1;
  readonly bias?: boolean;
  readonly initialH?: boolean;
  /** LSTM only (ignored for RNN and GRU): initial_c and peepholes P. */
  readonly initialC?: boolean;
  readonly peepholes?: boolean;
  readonly seqLens?: readonly number[];
  readonly attrs?: Readonly<Record<string, AttrValue>>;
  /** Leave `hidden_size` out (it is optional: inferred from W). */
  readonly noHiddenSizeAttr?: boolean;
  /** Feed every weight instead of storing it (gradient checks differentiate the feeds). */
  readonly weightsAsFeeds?: boolean;
  readonly seed?: number;
}

/** The node's inputs in ONNX order (X, W, R, B, sequence_lens, initial_h, initial_c, P), '' for the skipped ones. */
export function recurrentCase(s: RecurrentSetup): OpCase {
  const dirs = s.direction === 'bidirectional' ? 2 : 1;
  const [hidden, inputSize, seq, batch] = [s.hidden ?? 3, s.inputSize ?? 2, s.seq ?? 4, s.batch ?? 2];
  const g = GATES[s.opType];
  const layout = s.layout ?? 0;
  const seed = s.seed ?? 1;
  const state = (k: number): HostTensor => randomHost(layout === 0 ? [dirs, batch, hidden] : [batch, dirs, hidden], seed + k);
  const values: [string, HostTensor | undefined][] = [
    ['x', randomHost(layout === 0 ? [seq, batch, inputSize] : [batch, seq, inputSize], seed, -1, 1)],
    ['w', randomHost([dirs, g * hidden, inputSize], seed + 1, -0.7, 0.7)],
    ['r', randomHost([dirs, g * hidden, hidden], seed + 2, -0.7, 0.7)],
    ['b', s.bias ? randomHost([dirs, 2 * g * hidden], seed + 3, -0.5, 0.5) : undefined],
    ['lens', s.seqLens ? HostTensor.of('int32', [batch], s.seqLens) : undefined],
    ['h0', s.initialH ? state(4) : undefined],
    ['c0', s.initialC && s.opType === 'LSTM' ? state(5) : undefined],
    ['p', s.peepholes && s.opType === 'LSTM' ? randomHost([dirs, 3 * hidden], seed + 6, -0.5, 0.5) : undefined],
  ];
  while (values.length > 0 && values.at(-1)![1] === undefined) values.pop();
  const feeds: Record<string, HostTensor> = {};
  const initializers: Record<string, HostTensor> = {};
  for (const [name, v] of values) {
    if (!v) continue;
    if (name === 'x' || name === 'lens' || s.weightsAsFeeds) feeds[name] = v;
    else initializers[name] = v;
  }
  const attrs: Record<string, AttrValue> = { ...(s.noHiddenSizeAttr ? {} : { hidden_size: attr.int(hidden) }), ...s.attrs };
  if (s.direction) attrs.direction = attr.string(s.direction);
  if (s.layout !== undefined) attrs.layout = attr.int(s.layout);
  return {
    opType: s.opType,
    opset: s.opset ?? 14,
    attrs,
    inputs: values.map(([name, v]) => (v ? name : '')),
    feeds,
    initializers,
    outputs: s.opType === 'LSTM' ? 3 : 2,
  };
}

/** `h` with its dims reordered (a host transpose, to build batch-first data and expectations). */
export function permuteHost(h: HostTensor, perm: readonly number[]): HostTensor {
  const shape = perm.map((p) => h.shape[p]!);
  const strides = h.shape.map((_, i) => h.shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out: number[] = [];
  const index = new Array<number>(shape.length).fill(0);
  for (let n = 0; n < h.size; n++) {
    out.push(h.data[index.reduce((at, v, k) => at + v * strides[perm[k]!]!, 0)]!);
    for (let k = shape.length - 1; k >= 0 && ++index[k]! === shape[k]; k--) index[k] = 0;
  }
  return HostTensor.of(h.type, shape, out);
}

/** Runs `reference` in onnxruntime and `c` in Pistil, and compares the reference outputs (mapped by `map`) with Pistil's. */
export async function checkAgainstOrtOf(c: OpCase, reference: OpCase, map: (outputs: HostTensor[]) => HostTensor[] = (o) => o): Promise<void> {
  const expected = map(await runOrt(buildOpModel(reference), reference.feeds ?? {}));
  const actual = runPistil(buildOpModel(c), c.feeds ?? {});
  expected.forEach((e, i) => expectClose(actual[i]!, e, { rtol: 1e-4, atol: 1e-5, what: `${c.opType} output ${i}` }));
}

/**
 * onnxruntime's CPU kernels refuse layout = 1: the batch-first case runs in Pistil, the same
 * values sequence-first in onnxruntime, whose outputs are then transposed.
 */
export async function checkBatchFirst(s: RecurrentSetup): Promise<void> {
  const reference = recurrentCase({ ...s, layout: 0 });
  const toBatchFirst = (values: Readonly<Record<string, HostTensor>> | undefined): Record<string, HostTensor> =>
    Object.fromEntries(Object.entries(values ?? {}).map(([k, v]) => [k, ['x', 'h0', 'c0'].includes(k) ? permuteHost(v, [1, 0, 2]) : v]));
  const c: OpCase = { ...reference, attrs: { ...reference.attrs, layout: attr.int(1) }, feeds: toBatchFirst(reference.feeds), initializers: toBatchFirst(reference.initializers) };
  await checkAgainstOrtOf(c, reference, ([y, ...states]) => [permuteHost(y!, [2, 0, 1, 3]), ...states.map((h) => permuteHost(h, [1, 0, 2]))]);
}

/** `c`'s model with the node's outputs named `outputs` ('' skips an optional one); only the named ones are graph outputs. */
export function buildWithOutputs(c: OpCase, outputs: readonly string[]): Uint8Array {
  const g = new GraphBuilder();
  for (const [name, h] of Object.entries(c.feeds ?? {})) g.input(name, h.type, h.shape);
  for (const [name, h] of Object.entries(c.initializers ?? {})) g.initializer(name, h);
  g.node({ opType: c.opType, inputs: c.inputs, outputs, attrs: c.attrs, name: 'under_test' });
  for (const o of outputs) if (o) g.outputs.push({ name: o });
  return g.encode({ opset: c.opset ?? 13 });
}
