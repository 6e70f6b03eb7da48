/** Saving and loading an optimizer's state in PyTorch's layout (see `Optimizer.stateDict`). */
import { ShapeError, Tensor, keep, noGrad, tidy } from '@pistil/nn';
import type { OptionValue, OptimizerStateDict, ParamGroup, ParamState, SavedParamGroup, StateSpec } from './types.js';

function isOptionValue(v: unknown): v is OptionValue {
  return typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'number'));
}

export function saveOptimizerState(groups: readonly ParamGroup[], states: ReadonlyMap<Tensor, ParamState>): OptimizerStateDict {
  const state: Record<number, ParamState> = {};
  let index = 0;
  const paramGroups = groups.map((group) => {
    const saved: SavedParamGroup = { params: [] };
    for (const [key, value] of Object.entries(group)) if (key !== 'params' && isOptionValue(value)) saved[key] = Array.isArray(value) ? [...value] : value;
    for (const p of group.params) {
      const s = states.get(p);
      if (s && Object.keys(s).length > 0) state[index] = { ...s };
      saved.params.push(index++);
    }
    return saved;
  });
  return { state, paramGroups };
}

export interface LoadedState {
  /** The options to write into each group. */
  options: Record<string, OptionValue>[];
  /** The new state of each parameter (copies, kept). */
  state: Map<Tensor, ParamState>;
}

function fmt(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function sameKind(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length;
  return typeof a === typeof b;
}

/** Checks `sd` against the groups and returns what to load; changes nothing itself. */
export function loadOptimizerState(
  name: string,
  sd: OptimizerStateDict,
  groups: readonly ParamGroup[],
  spec: StateSpec,
  optionKeys: readonly string[],
  validate: (options: Record<string, unknown>, where: string) => void,
): LoadedState {
  const where = `${name}.loadStateDict`;
  if (typeof sd !== 'object' || sd === null || !Array.isArray(sd.paramGroups) || typeof sd.state !== 'object' || sd.state === null)
    throw new TypeError(`${where}: expected { state, paramGroups } as stateDict() returns`);
  if (sd.paramGroups.length !== groups.length)
    throw new ShapeError(`${where}: the state dict has ${sd.paramGroups.length} param groups, this optimizer has ${groups.length}`);

  const paramOf = new Map<number, Tensor>();
  const options = sd.paramGroups.map((saved, gi) => {
    const group = groups[gi]!;
    if (typeof saved !== 'object' || saved === null || !Array.isArray(saved.params)) throw new TypeError(`${where}: paramGroups[${gi}] has no params list`);
    if (saved.params.length !== group.params.length)
      throw new ShapeError(`${where}: param group ${gi} has ${group.params.length} params, the state dict's has ${saved.params.length}`);
    saved.params.forEach((index, pi) => {
      if (!Number.isInteger(index) || index < 0) throw new TypeError(`${where}: paramGroups[${gi}].params[${pi}] is ${String(index)}, not a param index`);
      if (paramOf.has(index)) throw new TypeError(`${where}: param index ${index} appears twice in paramGroups`);
      paramOf.set(index, group.params[pi]!);
    });
    const opts: Record<string, OptionValue> = {};
    for (const [key, value] of Object.entries(saved)) {
      if (key === 'params') continue;
      if (key !== 'initialLr' && !optionKeys.includes(key))
        throw new TypeError(`${where}: paramGroups[${gi}] has unknown option '${key}' (known: ${optionKeys.join(', ')}, initialLr); is it another optimizer's state?`);
      const current: unknown = Reflect.get(group, key);
      if (!isOptionValue(value) || (current !== undefined && !sameKind(value, current)))
        throw new TypeError(`${where}: paramGroups[${gi}].${key} is ${JSON.stringify(value)}, expected a value like ${JSON.stringify(current)}`);
      if (key === 'initialLr' && (typeof value !== 'number' || !Number.isFinite(value) || value < 0))
        throw new TypeError(`${where}: paramGroups[${gi}].initialLr is ${JSON.stringify(value)}, expected a number ≥ 0`);
      opts[key] = Array.isArray(value) ? [...value] : value;
    }
    validate({ ...group, ...opts }, `${where}: paramGroups[${gi}]`);
    return opts;
  });

  const checked: [Tensor, [string, Tensor | number][]][] = [];
  for (const [key, entry] of Object.entries(sd.state)) {
    const index = Number(key);
    const param = paramOf.get(index);
    if (!param) throw new TypeError(`${where}: state has an entry for param ${key}, which no param group lists`);
    if (typeof entry !== 'object' || entry === null) throw new TypeError(`${where}: state[${key}] is not an object`);
    const values: [string, Tensor | number][] = [];
    for (const [k, v] of Object.entries(entry)) {
      const kind = spec[k];
      const what = `state[${key}].${k}`;
      if (!kind) throw new TypeError(`${where}: unknown state entry ${what} (${name} keeps: ${Object.keys(spec).join(', ')}); is it another optimizer's state?`);
      if (kind === 'number') {
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${where}: ${what} must be a finite number, got ${String(v)}`);
      } else {
        if (!(v instanceof Tensor)) throw new TypeError(`${where}: ${what} must be a Tensor`);
        if (v.isDisposed) throw new TypeError(`${where}: ${what} was disposed`);
        if (fmt(v.shape) !== fmt(param.shape)) throw new ShapeError(`${where}: ${what} has shape ${fmt(v.shape)}, but param ${key} has shape ${fmt(param.shape)}`);
        if (v.dtype !== 'float32' && v.dtype !== 'float64') throw new TypeError(`${where}: ${what} is ${v.describe()}, expected a float tensor`);
      }
      values.push([k, v]);
    }
    checked.push([param, values]);
  }

  // Everything checked: copy the tensors in, on each parameter's device and in its dtype.
  const state = new Map<Tensor, ParamState>();
  for (const [param, values] of checked) {
    const s: ParamState = {};
    for (const [k, v] of values) s[k] = v instanceof Tensor ? copyLike(v, param) : v;
    state.set(param, s);
  }
  return { options, state };
}

/** A kept copy of `v` with `like`'s device and dtype, never sharing storage with `v`. */
function copyLike(v: Tensor, like: Tensor): Tensor {
  return noGrad(() =>
    tidy(() => {
      let t = v.device === like.device ? v : v.to(like.device);
      t = t.dtype === like.dtype ? (t === v ? t.clone() : t) : t.cast(like.dtype);
      return keep(t);
    }),
  );
}
