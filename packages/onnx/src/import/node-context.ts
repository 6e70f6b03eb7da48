/** The OpContext of one node run: input access with host/device conversion, errors that name the node. */
import { Tensor, noGrad } from '@pistil/nn';
import type { Device } from '@pistil/nn';
import { OnnxFormatError, OnnxUnsupportedError } from '../errors.js';
import { HostTensor } from '../host-tensor.js';
import type { PlannedNode } from './graph-plan.js';
import type { OpContext, Value } from './op-types.js';
import { toDevice, toHost } from './values.js';

export class NodeContext implements OpContext {
  /** Device tensors this context uploaded from host values; the executor frees them after the node. */
  readonly uploads: Tensor[] = [];

  constructor(
    private readonly node: PlannedNode,
    readonly opset: number,
    readonly training: boolean,
    private readonly values: readonly (Value | undefined)[],
    private readonly device: Device,
    /** Tensors the module holds as state (initializers); nothing else may be assigned. */
    private readonly state: ReadonlySet<Tensor>,
  ) {}

  get where(): string {
    return this.node.where;
  }

  get opType(): string {
    return this.node.opType;
  }

  get attrs() {
    return this.node.attrs;
  }

  get inputCount(): number {
    return this.node.inputs.length;
  }

  get outputCount(): number {
    return this.node.outputs.length;
  }

  wantsOutput(i: number): boolean {
    return Boolean(this.node.outputs[i]);
  }

  has(i: number): boolean {
    return this.values[i] !== undefined;
  }

  value(i: number): Value | undefined {
    return this.values[i];
  }

  #require(i: number): Value {
    const v = this.values[i];
    if (v === undefined) this.fail(`input ${i} is required but ${i < this.inputCount ? 'empty' : 'not given'}`);
    return v;
  }

  tensor(i: number): Tensor {
    const v = this.#require(i);
    if (v instanceof Tensor) return v;
    const t = toDevice(v, this.device, `${this.where}: input ${i} '${this.node.inputs[i]}'`);
    this.uploads.push(t);
    return t;
  }

  optionalTensor(i: number): Tensor | undefined {
    return this.has(i) ? this.tensor(i) : undefined;
  }

  host(i: number): HostTensor {
    const v = this.#require(i);
    return v instanceof HostTensor ? v : toHost(v);
  }

  optionalHost(i: number): HostTensor | undefined {
    return this.has(i) ? this.host(i) : undefined;
  }

  assignState(i: number, value: Tensor): void {
    const target = this.values[i];
    if (!(target instanceof Tensor) || !this.state.has(target)) this.fail(`input ${i} '${this.node.inputs[i]}' must be an initializer of the model to hold state`);
    noGrad(() => target.assign(value));
  }

  fail(message: string): never {
    throw new OnnxFormatError(`${this.where}: ${message}`);
  }

  unsupported(message: string): never {
    throw new OnnxUnsupportedError(`${this.where}: ${message}`);
  }
}
