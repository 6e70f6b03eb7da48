import { ShapeError, Tensor, enableGrad, keep, noGrad, tidy, zerosLike } from '@pistil/nn';
import { checkKnownKeys, checkNonNegative } from './check.js';
import { resolveOptions, toGroupInputs, toParamList } from './param-groups.js';
import { loadOptimizerState, saveOptimizerState } from './state-dict.js';
import type { OptimizerOptions, OptimizerStateDict, ParamGroup, ParamGroupInput, ParamState, ParamsInput, StateSpec } from './types.js';

/**
 * Base of every optimizer, as PyTorch's `torch.optim.Optimizer`: parameter groups with their own
 * options, per-parameter state, `step`, `zeroGrad`, `stateDict`/`loadStateDict`.
 *
 * A subclass supplies its defaults, checks its options, declares its state entries and updates
 * one parameter in `update`, which `step` calls under `noGrad` inside `tidy` for every parameter
 * that has a gradient. State tensors are kept and updated with `assign`, so the live-tensor count
 * stays flat across steps.
 */
export abstract class Optimizer<O extends OptimizerOptions = OptimizerOptions> {
  /** The options of groups that do not set their own. */
  readonly defaults: Readonly<O>;
  /** The groups, options resolved; edit options in place (schedulers edit `lr`). */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state, keyed by the parameter. */
  readonly state = new Map<Tensor, ParamState>();
  /** The state entries this optimizer keeps, and their kinds. */
  protected abstract readonly stateSpec: StateSpec;

  protected constructor(readonly name: string, params: ParamsInput<O>, defaults: O) {
    this.validateOptions(defaults, name);
    this.defaults = Object.freeze({ ...defaults });
    for (const group of toGroupInputs(name, params)) this.addGroup(group);
  }

  /** Throws a RangeError/TypeError naming the option if `options` holds a bad value. */
  protected abstract validateOptions(options: O, where: string): void;

  /** Updates `param` from `grad` (both alive, same shape); runs under `noGrad` inside `tidy`. */
  protected abstract update(param: Tensor, grad: Tensor, group: ParamGroup<O>, state: ParamState): void;

  /** Adds a group; options it leaves out take the defaults. A tensor may be in one group only. */
  addParamGroup(input: ParamGroupInput<O>): void {
    this.addGroup(input);
  }

  private addGroup(input: object): void {
    const where = `${this.name} param group ${this.paramGroups.length}`;
    if (typeof input !== 'object' || input === null || !('params' in input)) throw new TypeError(`${where}: expected { params, ...options }`);
    checkKnownKeys(where, input, ['params', 'initialLr', ...Object.keys(this.defaults)]);
    const { params: given, initialLr, ...overrides } = input as { params: unknown; initialLr?: unknown };
    const params = toParamList(where, given);
    const seen = new Map<Tensor, string>();
    this.paramGroups.forEach((g, gi) => g.params.forEach((p, pi) => seen.set(p, `param group ${gi} (params[${pi}])`)));
    params.forEach((p, i) => {
      const before = seen.get(p);
      if (before) throw new TypeError(`${where}: params[${i}] (${p.describe()}) is already in ${before}; a tensor may appear only once`);
      seen.set(p, `this group (params[${i}])`);
    });
    const group: ParamGroup<O> = { ...resolveOptions(where, this.defaults as O, overrides), params };
    if (initialLr !== undefined) group.initialLr = checkNonNegative(where, 'initialLr', initialLr);
    this.validateOptions(group, where);
    this.paramGroups.push(group);
  }

  /** Every parameter over all groups, in order (the indices a state dict uses). */
  params(): Tensor[] {
    return this.paramGroups.flatMap((g) => g.params);
  }

  /**
   * One update of every parameter that has a `.grad` (the others are skipped). With a closure,
   * runs it first with grad enabled (it should zero grads, compute the loss and call backward)
   * and returns what it returns.
   */
  step(): void;
  step<T>(closure: () => T): T;
  step<T>(closure?: () => T): T | undefined {
    const loss = closure ? enableGrad(closure) : undefined;
    noGrad(() =>
      tidy(() => {
        this.paramGroups.forEach((group, gi) =>
          group.params.forEach((p, pi) => {
            const grad = p.grad;
            if (!grad) return;
            if (grad.shape.length !== p.shape.length || grad.shape.some((d, k) => d !== p.shape[k]) || grad.dtype !== p.dtype)
              throw new ShapeError(`${this.name}.step: param group ${gi} params[${pi}] is ${p.describe()} but its grad is ${grad.describe()}`);
            this.update(p, grad, group, this.stateOf(p));
          }),
        );
      }),
    );
    return loss;
  }

  /**
   * Clears the gradients: disposes each `.grad` and sets it to null (default, as PyTorch 2), or
   * with `setToNone: false` replaces it with zeros.
   */
  zeroGrad({ setToNone = true }: { setToNone?: boolean } = {}): void {
    for (const p of this.params()) {
      const grad = p.grad;
      if (!grad) continue;
      p.grad = setToNone ? null : keep(noGrad(() => zerosLike(grad)));
      grad.dispose();
    }
  }

  /** The state of `param`, created empty on first use. */
  protected stateOf(param: Tensor): ParamState {
    let s = this.state.get(param);
    if (!s) this.state.set(param, (s = {}));
    return s;
  }

  /** The state tensor `key`, created (and kept) with `init` the first time. */
  protected buffer(state: ParamState, key: string, init: () => Tensor): Tensor {
    const t = state[key];
    if (t instanceof Tensor) return t;
    const made = keep(init());
    state[key] = made;
    return made;
  }

  /** Increments the step counter in `state` and returns the new count (1 on the first step). */
  protected nextStep(state: ParamState): number {
    const step = (typeof state.step === 'number' ? state.step : 0) + 1;
    state.step = step;
    return step;
  }

  /**
   * The state and options as PyTorch lays them out: `state[i]` for the i-th parameter over all
   * groups (the state tensors themselves: do not dispose them), `paramGroups` with the options and
   * the param indices. JSON-able apart from the tensors.
   */
  stateDict(): OptimizerStateDict {
    return saveOptimizerState(this.paramGroups, this.state);
  }

  /**
   * Loads a state dict from `stateDict()` of an optimizer of the same kind over parameters of the
   * same shapes in the same groups. Everything is checked before anything changes; the tensors
   * are copied (cast to each parameter's dtype and moved to its device), options overwritten.
   */
  loadStateDict(stateDict: OptimizerStateDict): void {
    const loaded = loadOptimizerState(this.name, stateDict, this.paramGroups, this.stateSpec, Object.keys(this.defaults), (options, where) =>
      this.validateOptions(options as O, where),
    );
    this.disposeState();
    loaded.options.forEach((options, i) => Object.assign(this.paramGroups[i]!, options));
    for (const [param, state] of loaded.state) this.state.set(param, state);
  }

  /** Frees the state tensors (the parameters are the caller's). The optimizer can go on, from fresh state. */
  dispose(): void {
    this.disposeState();
  }

  private disposeState(): void {
    for (const s of this.state.values()) for (const v of Object.values(s)) if (v instanceof Tensor) v.dispose();
    this.state.clear();
  }
}
