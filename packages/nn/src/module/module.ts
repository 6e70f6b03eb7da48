import type { DType, FusedActivation } from '@pistil/backend';
import { noGrad } from '../autograd/grad-mode.js';
import { keep } from '../engine.js';
import type { Device } from '../engine.js';
import { zerosLike } from '../creation.js';
import { cast } from '../ops/cast.js';
import { toDevice } from '../ops/to-device.js';
import { Tensor } from '../tensor.js';
import { activeTracer, tracedForward } from '../trace.js';
import { buffer, parameter, roleOf } from './marks.js';
import type { BufferOptions, TensorRole } from './marks.js';
import { loadStateDictInto } from './state-dict.js';
import type { LoadStateDictOptions, LoadStateDictResult } from './state-dict.js';
import { summarize } from './summary.js';
import type { SummaryOptions } from './summary.js';

/** Runs after `forward` inside `call`; a returned tensor replaces the output. */
export type ForwardHook = (module: Module, inputs: readonly Tensor[], output: Tensor) => Tensor | void;
/** Runs before `forward` inside `call`; returned tensors replace the inputs. */
export type ForwardPreHook = (module: Module, inputs: readonly Tensor[]) => readonly Tensor[] | void;

export interface HookHandle {
  remove(): void;
}

type Fields = Record<string, unknown>;

/** A module's own registered children and tensors, in field order (see `Module`). */
function ownEntries(m: Module): { children: [string, Module][]; tensors: [string, Tensor, TensorRole][] } {
  const children: [string, Module][] = [];
  const tensors: [string, Tensor, TensorRole][] = [];
  const fields = m as unknown as Fields;
  for (const key of Object.keys(fields)) {
    const v = fields[key];
    if (v instanceof Module) children.push([key, v]);
    else if (v instanceof Tensor) {
      const role = roleOf(v);
      if (role) tensors.push([key, v, role]);
    } else if (Array.isArray(v) && v.some((e) => e instanceof Module || (e instanceof Tensor && roleOf(e))))
      // A plain array would silently hide its parameters from optimizers and stateDict.
      throw new TypeError(`${m.constructor.name}.${key}: an array of Modules or parameters is not registered; use ModuleList (or registerParameter per tensor)`);
  }
  return { children, tensors };
}

function checkName(m: Module, name: string): void {
  if (typeof name !== 'string' || name === '' || name.includes('.'))
    throw new TypeError(`${m.constructor.name}: a registered name must be a non-empty string without '.', got ${JSON.stringify(name)}`);
  if (name in m && !Object.prototype.hasOwnProperty.call(m, name)) throw new TypeError(`${m.constructor.name}: '${name}' is already a method or property of the module`);
}

/**
 * Base class of layers and models, as `torch.nn.Module`. Register state by assigning fields:
 * a field holding a Module is a child, one holding a tensor made by `parameter()` is a parameter,
 * one made by `buffer()` a buffer; other fields (numbers, options, plain tensors) are attributes.
 * Names follow field order (`features.0.weight`); `registerModule` / `registerParameter` /
 * `registerBuffer` do the same for computed names. Subclasses implement `forward`.
 */
export abstract class Module {
  /** Train mode (dropout active, BatchNorm uses and updates batch statistics); set with `train()`/`eval()`. */
  training = true;
  readonly #preHooks = new Set<ForwardPreHook>();
  readonly #hooks = new Set<ForwardHook>();

  abstract forward(...inputs: Tensor[]): Tensor;

  /** `forward` with the forward pre-hooks and hooks run around it (PyTorch's `module(x)`). */
  call(...inputs: Tensor[]): Tensor {
    let args = inputs;
    for (const hook of this.#preHooks) args = [...(hook(this, args) ?? args)];
    const tracer = activeTracer();
    let out = tracer === null ? this.forward(...args) : tracedForward(tracer, this, args, () => this.forward(...args));
    for (const hook of this.#hooks) out = hook(this, args, out) ?? out;
    return out;
  }

  /** @internal Whether forward hooks or pre-hooks are registered (a fused Sequential step skips `call`). */
  get hasHooks(): boolean {
    return this.#hooks.size > 0 || this.#preHooks.size > 0;
  }

  /**
   * @internal The activation this module is, for the layer before it in a Sequential to fuse
   * into its own kernel ('relu' for ReLU); undefined for every other module.
   */
  fusibleActivation(): FusedActivation | undefined {
    return undefined;
  }

  /**
   * @internal `forward(x)` then `activation` as one fused step; undefined where this module has
   * none (the default; Linear and Conv2d have one).
   */
  forwardActivated(_x: Tensor, _activation: FusedActivation): Tensor | undefined {
    return undefined;
  }

  registerForwardHook(hook: ForwardHook): HookHandle {
    this.#hooks.add(hook);
    return { remove: () => this.#hooks.delete(hook) };
  }

  registerForwardPreHook(hook: ForwardPreHook): HookHandle {
    this.#preHooks.add(hook);
    return { remove: () => this.#preHooks.delete(hook) };
  }

  registerModule(name: string, module: Module | null): void {
    checkName(this, name);
    if (module !== null && !(module instanceof Module)) throw new TypeError(`registerModule('${name}'): expected a Module, got ${String(module)}`);
    (this as unknown as Fields)[name] = module;
  }

  /** Registers `t` as a parameter under `name` (marking it with `parameter()` if it is not one yet). */
  registerParameter(name: string, t: Tensor | null): void {
    checkName(this, name);
    (this as unknown as Fields)[name] = t === null || roleOf(t) === 'parameter' ? t : parameter(t);
  }

  registerBuffer(name: string, t: Tensor | null, options: BufferOptions = {}): void {
    checkName(this, name);
    (this as unknown as Fields)[name] = t === null ? null : buffer(t, options);
  }

  namedChildren(): [string, Module][] {
    return ownEntries(this).children;
  }

  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /** This module (named `prefix`, '' by default) and every descendant once, depth-first, parents first. */
  namedModules(prefix = ''): [string, Module][] {
    const out: [string, Module][] = [];
    const seen = new Set<Module>();
    const visit = (m: Module, name: string): void => {
      if (seen.has(m)) return;
      seen.add(m);
      out.push([name, m]);
      for (const [key, child] of ownEntries(m).children) visit(child, name ? `${name}.${key}` : key);
    };
    visit(this, prefix);
    return out;
  }

  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  /** Registered tensors of `roles` with dotted names; a tensor shared by several modules is listed once. */
  #namedTensors(roles: readonly TensorRole[], prefix: string, recurse: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = [];
    const seen = new Set<Tensor>();
    for (const [name, m] of recurse ? this.namedModules(prefix) : [[prefix, this] as [string, Module]]) {
      for (const [key, t, role] of ownEntries(m).tensors) {
        if (!roles.includes(role) || seen.has(t)) continue;
        seen.add(t);
        out.push([name ? `${name}.${key}` : key, t]);
      }
    }
    return out;
  }

  /** Parameters with dotted names (`features.0.weight`), each once, in registration order. */
  namedParameters(prefix = '', recurse = true): [string, Tensor][] {
    return this.#namedTensors(['parameter'], prefix, recurse);
  }

  parameters(recurse = true): Tensor[] {
    return this.namedParameters('', recurse).map(([, t]) => t);
  }

  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return this.#namedTensors(['buffer', 'transientBuffer'], prefix, recurse);
  }

  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, t]) => t);
  }

  /** Sets train mode on this module and every descendant. */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode: `train(false)`. */
  eval(): this {
    return this.train(false);
  }

  /** Turns gradients on or off for every parameter (freezing a backbone). */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad = requiresGrad;
    return this;
  }

  /** Frees every parameter's gradient (`setToNone`, the default as PyTorch 2), or replaces it with zeros. */
  zeroGrad(setToNone = true): void {
    for (const p of this.parameters()) {
      const g = p.grad;
      if (!g) continue;
      p.grad = setToNone ? null : keep(noGrad(() => zerosLike(g)));
      g.dispose();
    }
  }

  /** Calls `fn` on every descendant, then on this module (for custom initialisation). */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  /**
   * Parameters and persistent buffers by dotted name: the tensors themselves, not copies. A tensor
   * shared by two modules appears under both names, as in PyTorch.
   */
  stateDict(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, m] of this.namedModules()) {
      const entries = ownEntries(m).tensors;
      for (const role of ['parameter', 'buffer'] as const)
        for (const [key, t, r] of entries) if (r === role) out[name ? `${name}.${key}` : key] = t;
    }
    return out;
  }

  /**
   * Copies `dict`'s values into this module's parameters and buffers (by `assign`; identities are
   * kept, so optimizers stay attached). Everything is checked before anything is copied: a shape
   * mismatch, a non-float dtype mismatch, or (when `strict`, the default) a missing or unexpected key
   * throws a `StateDictError` naming each key and both shapes. Float values are cast to the model's
   * float dtype and moved to its device. Returns the missing and unexpected keys.
   */
  loadStateDict(dict: Record<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    return loadStateDictInto(this.constructor.name, this.stateDict(), dict, options);
  }

  /**
   * A table of every layer (name and type), its output shape and its own parameter count, with
   * totals, from one forward pass of zeros of `inputShape` (batch included) in eval mode under
   * `noGrad`; modes are restored afterwards and no state (running statistics) changes.
   */
  summary(inputShape: readonly number[], options: SummaryOptions = {}): string {
    return summarize(this, inputShape, options);
  }

  /** Moves parameters (with their gradients) and buffers to `device`. Same device: a no-op. */
  to(device: Device): this {
    return this.#replaceTensors((t) => (t.device === device ? null : toDevice(t, device)));
  }

  /** Casts float parameters and buffers to float32. */
  float(): this {
    return this.#castFloats('float32');
  }

  /** Casts float parameters and buffers to float64 (e.g. for `gradcheck`). */
  double(): this {
    return this.#castFloats('float64');
  }

  #castFloats(dtype: DType): this {
    return this.#replaceTensors((t) => ((t.dtype === 'float32' || t.dtype === 'float64') && t.dtype !== dtype ? cast(t, dtype) : null));
  }

  /**
   * Replaces every registered tensor for which `convert` returns a new one (new tensors: moving
   * between devices cannot keep identity, so build optimizers after `to()`, as PyTorch advises).
   */
  #replaceTensors(convert: (t: Tensor) => Tensor | null): this {
    const replaced = new Map<Tensor, Tensor>();
    noGrad(() => {
      for (const [, m] of this.namedModules()) {
        for (const [key, old, role] of ownEntries(m).tensors) {
          let next = replaced.get(old);
          if (!next) {
            const made = convert(old);
            if (!made) continue;
            next = made;
            if (role === 'parameter') parameter(next, old.requiresGrad);
            else buffer(next, { persistent: role === 'buffer' });
            const g = old.grad;
            if (g) {
              const movedGrad = convert(g) ?? g;
              if (movedGrad === g) old.grad = null;
              next.grad = keep(movedGrad);
            }
            replaced.set(old, next);
          }
          (m as unknown as Fields)[key] = next;
        }
      }
    });
    for (const old of replaced.keys()) old.dispose();
    return this;
  }

  /** Frees every parameter (with its gradient) and buffer; the module is unusable afterwards. */
  dispose(): void {
    for (const t of this.#namedTensors(['parameter', 'buffer', 'transientBuffer'], '', true)) t[1].dispose();
  }

  /** The constructor arguments shown by `toString()`, e.g. `inFeatures=4, outFeatures=2`. */
  extraRepr(): string {
    return '';
  }

  /** The module tree, as PyTorch prints it. */
  toString(): string {
    const extra = this.extraRepr();
    const children = this.namedChildren();
    if (children.length === 0) return `${this.constructor.name}(${extra})`;
    const lines = [...(extra ? extra.split('\n') : []), ...children.map(([name, m]) => `(${name}): ${m.toString()}`)];
    return `${this.constructor.name}(\n${lines.map((l) => `  ${l.replace(/\n/g, '\n  ')}`).join('\n')}\n)`;
  }
}
