/**
 * An imported ONNX graph as a Module: float initializers are its parameters (trainable, in the
 * state dict under their ONNX names), BatchNormalization statistics its buffers. `forward` runs
 * the nodes in order on the device of the inputs, freeing each intermediate after its last use
 * unless autograd is recording (then the caller's `tidy` frees them after backward).
 */
import { fmtShape } from '@pistil/backend';
import { DTypeError, Module, PistilError, ShapeError, Tensor, isGradEnabled, tidy } from '@pistil/nn';
import type { DType } from '@pistil/nn';
import { OnnxFormatError } from '../errors.js';
import { HostTensor } from '../host-tensor.js';
import type { GraphPlan } from './graph-plan.js';
import type { Slot } from './naming.js';
import { NodeContext } from './node-context.js';
import type { OpDef, Value } from './op-types.js';
import { fillSkeleton, hostOf } from './graph-weights.js';
import { toDevice } from './values.js';
import { onnx } from '../proto.js';
import type { IModelProto, ModelProto } from '../proto.js';

export interface GraphInput {
  readonly name: string;
  readonly dtype: DType;
  /** Declared dims: a number, or a string / null for a symbolic or unknown dim. */
  readonly dims: readonly (number | string | null)[] | null;
}

export interface OnnxModelInfo {
  readonly irVersion: number;
  readonly opset: number;
  readonly producer: string;
  readonly graphName: string;
  /** Op types in the graph with their node counts. */
  readonly ops: Readonly<Record<string, number>>;
}

export interface GraphSpec {
  readonly plan: GraphPlan;
  readonly opset: number;
  readonly inputs: readonly GraphInput[];
  readonly outputs: readonly string[];
  /** Initializers only ever read on the host (shapes, axes, scales). */
  readonly hostConstants: ReadonlyMap<string, HostTensor>;
  readonly info: OnnxModelInfo;
  /** The model as read, minus the data of the initializers the module holds. */
  readonly skeleton: IModelProto;
}

/** Host results are folded only while small; above this they go to the device like any value. */
const MAX_HOST_FOLD = 4096;

export class OnnxModule extends Module {
  readonly #spec: GraphSpec;
  /** Where each initializer living in the module (parameter or buffer) is registered, by ONNX name. */
  readonly #slots: ReadonlyMap<string, Slot>;

  /** `place` registers the initializers on the new module and says where each went. */
  constructor(spec: GraphSpec, place: (module: OnnxModule) => ReadonlyMap<string, Slot>) {
    super();
    this.#spec = spec;
    this.#slots = place(this);
  }

  get info(): OnnxModelInfo {
    return this.#spec.info;
  }

  get inputNames(): string[] {
    return this.#spec.inputs.map((i) => i.name);
  }

  get outputNames(): string[] {
    return [...this.#spec.outputs];
  }

  get inputs(): readonly GraphInput[] {
    return this.#spec.inputs;
  }

  /** The initializers the module holds (parameters and buffers), by their ONNX names. */
  initializers(): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    for (const [name, slot] of this.#slots) out[name] = (slot.owner as unknown as Record<string, Tensor>)[slot.key]!;
    return out;
  }

  /** The original graph without the data of the initializers the module holds, as .onnx bytes. */
  skeletonBytes(): Uint8Array {
    return onnx.ModelProto.encode(this.#spec.skeleton as ModelProto).finish();
  }

  /** The original graph with the current weights (after fine-tuning, say), as .onnx bytes. */
  async toOnnx(): Promise<Uint8Array> {
    const weights = new Map<string, HostTensor>();
    for (const [name, t] of Object.entries(this.initializers())) weights.set(name, await hostOf(t));
    return fillSkeleton(this.#spec.skeleton, weights);
  }

  /** Runs the graph on positional inputs and returns its first output. */
  forward(...inputs: Tensor[]): Tensor {
    const outputs = this.run(inputs);
    const [first, ...rest] = this.#spec.outputs;
    for (const name of rest) outputs[name]!.dispose();
    return outputs[first!]!;
  }

  /** Runs the graph on inputs given by position or by name; returns every graph output by name. */
  run(feeds: readonly Tensor[] | Readonly<Record<string, Tensor>>): Record<string, Tensor> {
    const spec = this.#spec;
    const env = new Map<string, Value>();
    const own = new Set<Tensor>();
    const state = new Set<Tensor>();
    for (const [name, t] of Object.entries(this.initializers())) {
      env.set(name, t);
      own.add(t);
      state.add(t);
    }
    for (const [name, h] of spec.hostConstants) env.set(name, h);
    const given = this.#bindInputs(feeds);
    for (const [name, t] of given) {
      env.set(name, t);
      own.add(t);
    }
    const device = given[0]?.[1].device ?? [...own][0]?.device ?? 'cpu';
    const recording = isGradEnabled() && [...own].some((t) => t.requiresGrad);
    // How many env entries hold each tensor: Identity and Dropout pass their input through.
    const refs = new Map<Tensor, number>();
    const hold = (v: Value | undefined, delta: number): void => {
      if (v instanceof Tensor) refs.set(v, (refs.get(v) ?? 0) + delta);
    };
    for (const v of env.values()) hold(v, 1);
    const release = (name: string): void => {
      const v = env.get(name);
      env.delete(name);
      if (!(v instanceof Tensor)) return;
      hold(v, -1);
      if (refs.get(v)! <= 0 && !own.has(v) && !recording) v.dispose();
    };
    try {
      spec.plan.nodes.forEach((node, step) => {
        const inputs = node.inputs.map((name) => (name ? env.get(name) : undefined));
        const ctx = new NodeContext(node, spec.opset, this.training, inputs, device, state);
        const results = this.#runNode(ctx, node.def, inputs, recording);
        for (const t of ctx.uploads) if (!recording && !results.includes(t)) t.dispose();
        node.outputs.forEach((name, i) => {
          const v = results[i];
          if (!name) {
            if (v instanceof Tensor && !results.slice(0, i).includes(v) && !inputs.includes(v) && !recording) v.dispose();
            return;
          }
          if (v === undefined) return ctx.fail(`produced no value for output ${i} '${name}'`);
          env.set(name, v);
          hold(v, 1);
        });
        for (let i = node.outputs.length; i < results.length; i++) {
          const v = results[i];
          if (v instanceof Tensor && !inputs.includes(v) && !results.slice(0, i).includes(v) && !recording) v.dispose();
        }
        for (const name of spec.plan.freeAfter[step]!) release(name);
      });
      const out: Record<string, Tensor> = {};
      for (const name of spec.outputs) {
        const v = env.get(name);
        if (v === undefined) throw new OnnxFormatError(`graph output '${name}' was not produced`);
        out[name] = v instanceof HostTensor ? toDevice(v, device, `graph output '${name}'`) : own.has(v) ? v.clone() : v;
      }
      return out;
    } catch (err) {
      if (!recording) for (const [name] of env) release(name);
      throw err;
    }
  }

  #runNode(ctx: NodeContext, def: OpDef, inputs: readonly (Value | undefined)[], recording: boolean): (Value | undefined)[] {
    const given = inputs.filter((v) => v !== undefined);
    const foldable = def.runHost && given.every((v) => v instanceof HostTensor && v.size <= MAX_HOST_FOLD);
    const runOnce = (): (Value | undefined)[] => {
      const r = foldable ? def.runHost!(ctx) : def.run(ctx);
      return Array.isArray(r) ? [...r] : [r as Value];
    };
    try {
      // Temporaries a handler makes are freed with tidy, unless autograd needs them for backward.
      return recording || foldable ? runOnce() : tidy(runOnce as () => Tensor[]);
    } catch (err) {
      // An nn op's ShapeError or DTypeError keeps its type but says which node it came from.
      if (err instanceof PistilError && !err.message.startsWith('node ')) err.message = `${ctx.where}: ${err.message}`;
      throw err;
    }
  }

  #bindInputs(feeds: readonly Tensor[] | Readonly<Record<string, Tensor>>): [string, Tensor][] {
    const declared = this.#spec.inputs;
    let pairs: [string, Tensor][];
    if (Array.isArray(feeds)) {
      if (feeds.length !== declared.length)
        throw new ShapeError(`OnnxModule: the graph takes ${declared.length} input(s) (${declared.map((d) => d.name).join(', ')}), got ${feeds.length}`);
      pairs = declared.map((d, i) => [d.name, (feeds as readonly Tensor[])[i]!]);
    } else {
      const byName = feeds as Readonly<Record<string, Tensor>>;
      for (const key of Object.keys(byName))
        if (!declared.some((d) => d.name === key)) throw new ShapeError(`OnnxModule: '${key}' is not a graph input (inputs: ${declared.map((d) => d.name).join(', ')})`);
      pairs = declared.map((d) => {
        const t = byName[d.name];
        if (!t) throw new ShapeError(`OnnxModule: input '${d.name}' is missing`);
        return [d.name, t];
      });
    }
    pairs.forEach(([name, t], i) => checkInput(declared[i]!, name, t));
    return pairs;
  }

  override extraRepr(): string {
    const { info } = this.#spec;
    return `graph='${info.graphName}', opset=${info.opset}, nodes=${this.#spec.plan.nodes.length}, inputs=[${this.inputNames.join(', ')}], outputs=[${this.outputNames.join(', ')}]`;
  }
}

function checkInput(d: GraphInput, name: string, t: Tensor): void {
  if (!(t instanceof Tensor)) throw new TypeError(`OnnxModule: input '${name}' must be a Tensor, got ${String(t)}`);
  const isFloat = (x: DType): boolean => x === 'float32' || x === 'float64';
  if (isFloat(d.dtype) !== isFloat(t.dtype) || (!isFloat(d.dtype) && d.dtype !== t.dtype && !(d.dtype === 'int32' && t.dtype === 'int32')))
    throw new DTypeError(`OnnxModule: input '${name}' expects ${d.dtype}, got ${t.dtype}`);
  if (!d.dims) return;
  const expected = d.dims.map((x) => (typeof x === 'number' ? String(x) : (x ?? '?')));
  const wrong = t.rank !== d.dims.length || d.dims.some((x, i) => typeof x === 'number' && x !== t.shape[i]);
  if (wrong) throw new ShapeError(`OnnxModule: input '${name}' expects shape [${expected.join(', ')}], got ${fmtShape(t.shape)}`);
}
