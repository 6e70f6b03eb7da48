/** Typed access to a node's attributes; a missing or mistyped attribute names the node and the attribute. */
import type { HostTensor } from '../host-tensor.js';
import { OnnxFormatError } from '../errors.js';
import { int64 } from '../proto.js';
import type { IAttributeProto } from '../proto.js';
import { readTensorProto } from '../tensor-proto.js';

// AttributeProto.AttributeType codes.
const FLOAT = 1, INT = 2, STRING = 3, TENSOR = 4, FLOATS = 6, INTS = 7, STRINGS = 8;
const TYPE_NAMES: Record<number, string> = { 1: 'FLOAT', 2: 'INT', 3: 'STRING', 4: 'TENSOR', 5: 'GRAPH', 6: 'FLOATS', 7: 'INTS', 8: 'STRINGS', 9: 'TENSORS', 10: 'GRAPHS', 11: 'SPARSE_TENSOR', 12: 'SPARSE_TENSORS', 13: 'TYPE_PROTO', 14: 'TYPE_PROTOS' };

type Int64 = number | { toNumber(): number };

export class Attributes {
  readonly #byName = new Map<string, IAttributeProto>();

  constructor(
    readonly where: string,
    list: readonly IAttributeProto[],
  ) {
    for (const a of list) {
      const name = a.name ?? '';
      if (!name) throw new OnnxFormatError(`${where}: an attribute has no name`);
      if (this.#byName.has(name)) throw new OnnxFormatError(`${where}: attribute '${name}' appears twice`);
      this.#byName.set(name, a);
    }
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  names(): string[] {
    return [...this.#byName.keys()];
  }

  #get(name: string, type: number): IAttributeProto | undefined {
    const a = this.#byName.get(name);
    if (!a) return undefined;
    // Old exporters leave `type` unset (0); trust the populated field then.
    if (a.type && a.type !== type) throw new OnnxFormatError(`${this.where}: attribute '${name}' is ${TYPE_NAMES[a.type] ?? a.type}, expected ${TYPE_NAMES[type]}`);
    return a;
  }

  #missing(name: string): never {
    throw new OnnxFormatError(`${this.where}: required attribute '${name}' is missing`);
  }

  int(name: string, fallback?: number): number {
    const a = this.#get(name, INT);
    if (!a) return fallback ?? this.#missing(name);
    const v = int64(a.i as Int64);
    if (!Number.isSafeInteger(v)) throw new OnnxFormatError(`${this.where}: attribute '${name}' = ${v} is out of range`);
    return v;
  }

  ints(name: string, fallback?: readonly number[]): number[] {
    const a = this.#get(name, INTS);
    if (!a) return fallback ? [...fallback] : this.#missing(name);
    return (a.ints ?? []).map((v) => {
      const n = int64(v as Int64);
      if (!Number.isFinite(n)) throw new OnnxFormatError(`${this.where}: attribute '${name}' holds ${n}`);
      return n;
    });
  }

  float(name: string, fallback?: number): number {
    const a = this.#get(name, FLOAT);
    if (!a) return fallback ?? this.#missing(name);
    return a.f ?? 0;
  }

  floats(name: string, fallback?: readonly number[]): number[] {
    const a = this.#get(name, FLOATS);
    if (!a) return fallback ? [...fallback] : this.#missing(name);
    return [...(a.floats ?? [])];
  }

  string(name: string, fallback?: string): string {
    const a = this.#get(name, STRING);
    if (!a) return fallback ?? this.#missing(name);
    return new TextDecoder().decode(a.s ?? new Uint8Array());
  }

  strings(name: string, fallback?: readonly string[]): string[] {
    const a = this.#get(name, STRINGS);
    if (!a) return fallback ? [...fallback] : this.#missing(name);
    return (a.strings ?? []).map((s) => new TextDecoder().decode(s));
  }

  tensor(name: string): HostTensor {
    const a = this.#get(name, TENSOR);
    if (!a?.t) return this.#missing(name);
    return readTensorProto(a.t, `${this.where}: attribute '${name}'`);
  }
}
