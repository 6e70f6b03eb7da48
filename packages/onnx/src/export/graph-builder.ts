/**
 * Builds ONNX models with onnx-proto: nodes with typed attributes, initializers, typed inputs and
 * outputs, and the encoded bytes. The exporter writes through it, and tests build single-op
 * models with it.
 */
import { elemCode } from '../elem-types.js';
import type { ElemType } from '../elem-types.js';
import type { HostTensor } from '../host-tensor.js';
import { onnx } from '../proto.js';
import type { IAttributeProto, INodeProto, ITensorProto, IValueInfoProto } from '../proto.js';
import { writeTensorProto } from '../tensor-proto.js';

const A = onnx.AttributeProto.AttributeType;

/** A typed attribute value: integers and floats must be told apart, as ONNX does. */
export type AttrValue =
  | { readonly int: number }
  | { readonly ints: readonly number[] }
  | { readonly float: number }
  | { readonly floats: readonly number[] }
  | { readonly string: string }
  | { readonly strings: readonly string[] }
  | { readonly tensor: HostTensor };

export const attr = {
  int: (v: number): AttrValue => ({ int: v }),
  ints: (v: readonly number[]): AttrValue => ({ ints: v }),
  float: (v: number): AttrValue => ({ float: v }),
  floats: (v: readonly number[]): AttrValue => ({ floats: v }),
  string: (v: string): AttrValue => ({ string: v }),
  strings: (v: readonly string[]): AttrValue => ({ strings: v }),
  tensor: (v: HostTensor): AttrValue => ({ tensor: v }),
};

export function encodeAttribute(name: string, v: AttrValue): IAttributeProto {
  const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
  if ('int' in v) return { name, type: A.INT, i: v.int };
  if ('ints' in v) return { name, type: A.INTS, ints: [...v.ints] };
  if ('float' in v) return { name, type: A.FLOAT, f: v.float };
  if ('floats' in v) return { name, type: A.FLOATS, floats: [...v.floats] };
  if ('string' in v) return { name, type: A.STRING, s: bytes(v.string) };
  if ('strings' in v) return { name, type: A.STRINGS, strings: v.strings.map(bytes) };
  return { name, type: A.TENSOR, t: writeTensorProto('', v.tensor) };
}

/** A dim: a size, or a name for a symbolic one (`'batch'`). */
export type Dim = number | string;

export function valueInfo(name: string, type: ElemType, shape?: readonly Dim[]): IValueInfoProto {
  const dims = shape?.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d }));
  return { name, type: { tensorType: { elemType: elemCode(type), ...(dims ? { shape: { dim: dims } } : {}) } } };
}

export interface NodeSpec {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs?: Readonly<Record<string, AttrValue>>;
  readonly name?: string;
  readonly domain?: string;
}

export class GraphBuilder {
  readonly nodes: INodeProto[] = [];
  readonly initializers: ITensorProto[] = [];
  readonly inputs: IValueInfoProto[] = [];
  readonly outputs: IValueInfoProto[] = [];
  #next = 0;

  /** A fresh value name with a readable stem (`relu_3`). */
  fresh(stem: string): string {
    return `${stem}_${this.#next++}`;
  }

  node(spec: NodeSpec): void {
    this.nodes.push({
      opType: spec.opType,
      input: [...spec.inputs],
      output: [...spec.outputs],
      name: spec.name ?? this.fresh(spec.opType),
      domain: spec.domain ?? '',
      attribute: Object.entries(spec.attrs ?? {}).map(([k, v]) => encodeAttribute(k, v)),
    });
  }

  initializer(name: string, t: HostTensor): string {
    this.initializers.push(writeTensorProto(name, t));
    return name;
  }

  input(name: string, type: ElemType, shape?: readonly Dim[]): string {
    this.inputs.push(valueInfo(name, type, shape));
    return name;
  }

  output(name: string, type: ElemType, shape?: readonly Dim[]): string {
    this.outputs.push(valueInfo(name, type, shape));
    return name;
  }

  /** The model's bytes, with the default domain at `opset`. */
  encode(options: { opset: number; graphName?: string; producer?: string; irVersion?: number }): Uint8Array {
    const model = onnx.ModelProto.create({
      irVersion: options.irVersion ?? irVersionFor(options.opset),
      producerName: options.producer ?? 'pistil',
      opsetImport: [{ domain: '', version: options.opset }],
      graph: { name: options.graphName ?? 'graph', node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    });
    return onnx.ModelProto.encode(model).finish();
  }
}

/** The IR version released with an opset (runtimes reject a model whose IR is older than its opset needs). */
export function irVersionFor(opset: number): number {
  if (opset <= 8) return 3;
  if (opset <= 9) return 4;
  if (opset <= 10) return 5;
  if (opset <= 11) return 6;
  if (opset <= 14) return 7;
  return 8;
}
