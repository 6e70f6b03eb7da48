/**
 * What RNN, GRU and LSTM share: reading and checking X, W, R, B, sequence_lens and the initial
 * states, the time loop of each direction, and the outputs Y, Y_h (and LSTM's Y_c). Every step is
 * built from nn ops, so an imported recurrent model differentiates through time.
 */
import { fmtShape } from '@pistil/backend';
import { add, clamp, matmul, narrow, permute, select, stack, tensor, transpose, unbind, where, zeros } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext } from '../../op-types.js';
import { floatInput, guard, optionalFloatInput } from '../nn/common.js';
import { readActivations } from './activations.js';
import type { Activation } from './activations.js';

// Input indices shared by the three ops (initial_c and P are LSTM's).
const X = 0, W = 1, R = 2, B = 3, SEQUENCE_LENS = 4, INITIAL_H = 5, INITIAL_C = 6, P = 7;

export interface State {
  readonly h: Tensor;
  /** LSTM's cell state. */
  readonly c?: Tensor;
}

/** One direction's slices of the weight inputs. */
export interface DirectionWeights {
  /** [gates·hidden, hidden]: R of this direction. */
  readonly r: Tensor;
  /** [gates·hidden] biases of W and R (absent without B). */
  readonly wb?: Tensor;
  readonly rb?: Tensor;
  /** [3·hidden] LSTM peepholes (i, o, f). */
  readonly p?: Tensor;
  readonly acts: readonly Activation[];
  readonly hidden: number;
  /** The `clip` attribute applied to a gate's input (identity without it). */
  readonly clip: (x: Tensor) => Tensor;
}

export interface DirectionCell {
  /** Added to X·Wᵀ for every step at once ([gates·hidden]). */
  readonly inputBias?: Tensor;
  /** One time step: xw is this step's X·Wᵀ + inputBias ([batch, gates·hidden]). */
  step(xw: Tensor, state: State): State;
}

export interface RecurrentCell {
  /** Weight blocks stacked in W and R: RNN 1, GRU 3 (zrh), LSTM 4 (iofc). */
  readonly gates: number;
  /** Activations per direction when the attribute is absent. */
  readonly defaultActivations: readonly string[];
  /** LSTM: a cell state (initial_c input, Y_c output) and peepholes. */
  readonly cellState: boolean;
  direction(ctx: OpContext, weights: DirectionWeights): DirectionCell;
}

/** Input i's shape must be `shape`, or the node fails naming the input. */
function expectShape(ctx: OpContext, t: Tensor, shape: readonly number[], what: string): void {
  if (t.rank !== shape.length || t.shape.some((d, i) => d !== shape[i])) ctx.fail(`${what} must have shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
}

/** The number of directions, and whether the only one runs backwards. */
function directionsOf(ctx: OpContext): { dirs: number; reverse: boolean } {
  const direction = ctx.attrs.string('direction', 'forward');
  if (direction === 'forward' || direction === 'reverse') return { dirs: 1, reverse: direction === 'reverse' };
  if (direction === 'bidirectional') return { dirs: 2, reverse: false };
  return ctx.fail(`attribute 'direction' = '${direction}' must be forward, reverse or bidirectional`);
}

function clipOf(ctx: OpContext): (x: Tensor) => Tensor {
  if (!ctx.attrs.has('clip')) return (x) => x;
  const clip = ctx.attrs.float('clip');
  if (!(clip > 0)) ctx.fail(`attribute 'clip' = ${clip} must be positive`);
  return (x) => clamp(x, -clip, clip);
}

/** Hidden size from the attribute (optional: W's rows / gates), checked against W's [directions, gates·hidden, input]. */
function hiddenSizeOf(ctx: OpContext, gates: number, w: Tensor): number {
  const rows = w.shape[1]!;
  if (!ctx.attrs.has('hidden_size')) {
    if (rows === 0 || rows % gates !== 0) ctx.fail(`input W of shape ${fmtShape(w.shape)} must have a positive multiple of ${gates} rows (${gates} gate(s) of hidden_size rows)`);
    return rows / gates;
  }
  const hidden = ctx.attrs.int('hidden_size');
  if (hidden < 1) ctx.fail(`attribute 'hidden_size' = ${hidden} must be a positive integer`);
  if (hidden * gates !== rows) ctx.fail(`attribute 'hidden_size' = ${hidden} does not match W of shape ${fmtShape(w.shape)} (${gates} gate(s) of ${hidden} rows)`);
  return hidden;
}

/** An initial state, [directions, batch, hidden] whatever the layout, or zeros. */
function initialState(ctx: OpContext, i: number, name: string, layout: number, dims: readonly [number, number, number], like: Tensor): Tensor {
  const [dirs, batch, hidden] = dims;
  const given = optionalFloatInput(ctx, i, name);
  if (!given) return zeros(dims, { dtype: like.dtype, device: like.device });
  expectShape(ctx, given, layout === 0 ? dims : [batch, dirs, hidden], name);
  return layout === 0 ? given : permute(given, [1, 0, 2]);
}

interface SequenceMasks {
  /** Per step, a [batch, 1] mask of the sequences still running, or undefined where all are. */
  readonly steps: (Tensor | undefined)[];
  /** [batch, 1]: the sequences of positive length, when some have none. */
  readonly nonEmpty?: Tensor;
}

/**
 * Masks from sequence_lens: masked steps keep the state and output zeros, so Y_h is the state at
 * each sequence's last step; as onnxruntime, an empty sequence's final states are zeros.
 */
function sequenceMasks(ctx: OpContext, steps: number, batch: number, like: Tensor): SequenceMasks {
  const masks = new Array<Tensor | undefined>(steps).fill(undefined);
  const given = ctx.optionalHost(SEQUENCE_LENS);
  if (!given) return { steps: masks };
  if (given.shape.length !== 1 || given.shape[0] !== batch) ctx.fail(`input sequence_lens must have shape [${batch}], got ${fmtShape(given.shape)}`);
  const lens = given.numbers();
  const bad = lens.find((n) => !Number.isInteger(n) || n < 0 || n > steps);
  if (bad !== undefined) ctx.fail(`input sequence_lens holds ${bad}, outside [0, ${steps}] (the sequence length)`);
  const running = (t: number): Tensor => tensor(Uint8Array.from(lens, (n) => (t < n ? 1 : 0)), { shape: [batch, 1], dtype: 'bool', device: like.device });
  for (let t = Math.min(...lens); t < steps; t++) masks[t] = running(t);
  return { steps: masks, nonEmpty: lens.includes(0) ? running(0) : undefined };
}

/** The final states and the per-step outputs of one direction, stepping backwards when `reverse`. */
function runDirection(cell: DirectionCell, x: Tensor, w: Tensor, start: State, masks: SequenceMasks, reverse: boolean): { ys: Tensor[]; last: State } {
  let xw = matmul(x, transpose(w, 0, 1));
  if (cell.inputBias) xw = add(xw, cell.inputBias);
  const xs = unbind(xw, 0);
  const ys = new Array<Tensor>(xs.length);
  let state = start;
  for (let k = 0; k < xs.length; k++) {
    const t = reverse ? xs.length - 1 - k : k;
    const next = cell.step(xs[t]!, state);
    const mask = masks.steps[t];
    if (!mask) {
      state = next;
      ys[t] = next.h;
      continue;
    }
    state = { h: where(mask, next.h, state.h), c: next.c && state.c ? where(mask, next.c, state.c) : undefined };
    ys[t] = where(mask, next.h, 0);
  }
  const keep = masks.nonEmpty;
  if (keep) state = { h: where(keep, state.h, 0), c: state.c && where(keep, state.c, 0) };
  return { ys, last: state };
}

/** Runs an RNN, GRU or LSTM node: [Y, Y_h, Y_c], each only when the node asks for it. */
export function runRecurrent(ctx: OpContext, spec: RecurrentCell): (Tensor | undefined)[] {
  const layout = ctx.opset >= 14 ? ctx.attrs.int('layout', 0) : 0;
  if (layout !== 0 && layout !== 1) ctx.fail(`attribute 'layout' = ${layout} must be 0 or 1`);
  let x = floatInput(ctx, X, 'input X');
  if (x.rank !== 3) ctx.fail(`input X must have 3 dims (${layout === 0 ? '[seq_length, batch_size, input_size]' : '[batch_size, seq_length, input_size]'}), got ${fmtShape(x.shape)}`);
  if (layout === 1) x = permute(x, [1, 0, 2]);
  const [steps, batch, inputSize] = x.shape as [number, number, number];
  if (steps === 0) ctx.unsupported(`an empty sequence (input X of shape ${fmtShape(x.shape)})`);
  const { dirs, reverse } = directionsOf(ctx);
  const g = spec.gates;
  const w = floatInput(ctx, W, 'input W');
  if (w.rank !== 3) ctx.fail(`input W must have 3 dims [num_directions, ${g}·hidden_size, input_size], got ${fmtShape(w.shape)}`);
  const hidden = hiddenSizeOf(ctx, g, w);
  expectShape(ctx, w, [dirs, g * hidden, inputSize], 'input W');
  const r = floatInput(ctx, R, 'input R');
  expectShape(ctx, r, [dirs, g * hidden, hidden], 'input R');
  const b = optionalFloatInput(ctx, B, 'input B');
  if (b) expectShape(ctx, b, [dirs, 2 * g * hidden], 'input B');
  const p = spec.cellState ? optionalFloatInput(ctx, P, 'input P') : undefined;
  if (p) expectShape(ctx, p, [dirs, 3 * hidden], 'input P');
  const dims = [dirs, batch, hidden] as const;
  const h0 = initialState(ctx, INITIAL_H, 'input initial_h', layout, dims, x);
  const c0 = spec.cellState ? initialState(ctx, INITIAL_C, 'input initial_c', layout, dims, x) : undefined;
  const masks = sequenceMasks(ctx, steps, batch, x);
  const acts = readActivations(ctx, spec.defaultActivations, dirs);
  const clip = clipOf(ctx);

  const results = Array.from({ length: dirs }, (_, d) => {
    const bias = b && select(b, 0, d);
    const weights: DirectionWeights = {
      r: select(r, 0, d),
      wb: bias && narrow(bias, 0, 0, g * hidden),
      rb: bias && narrow(bias, 0, g * hidden, g * hidden),
      p: p && select(p, 0, d),
      acts: acts[d]!,
      hidden,
      clip,
    };
    const start: State = { h: select(h0, 0, d), c: c0 && select(c0, 0, d) };
    return guard(ctx, () => runDirection(spec.direction(ctx, weights), x, select(w, 0, d), start, masks, d === 1 || reverse));
  });

  const toLayout = (t: Tensor, batchFirst: readonly number[]): Tensor => (layout === 0 ? t : permute(t, batchFirst));
  // Y: [seq, directions, batch, hidden]; Y_h, Y_c: [directions, batch, hidden] (batch first with layout 1).
  const y = ctx.wantsOutput(0) ? toLayout(stack(results.map((res) => stack(res.ys, 0)), 1), [2, 0, 1, 3]) : undefined;
  const yh = ctx.wantsOutput(1) ? toLayout(stack(results.map((res) => res.last.h), 0), [1, 0, 2]) : undefined;
  const yc = spec.cellState && ctx.wantsOutput(2) ? toLayout(stack(results.map((res) => res.last.c!), 0), [1, 0, 2]) : undefined;
  return [y, yh, yc];
}
