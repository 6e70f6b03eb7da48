/**
 * `importOnnx(bytes)`: decodes and checks a model, then builds an OnnxModule. Nothing is trusted:
 * protobuf decoding errors, structure, every tensor's size against its data, ops and opsets are
 * checked before any device memory is allocated, and every problem is a typed error naming the
 * field, node or tensor.
 */
import { getDefaultDevice, noGrad, parameter } from '@pistil/nn';
import type { Device, DType, Tensor } from '@pistil/nn';
import { deviceDType, elemTypeName, elemTypeOf, isFloatElem } from '../elem-types.js';
import { OnnxFormatError, OnnxUnsupportedError } from '../errors.js';
import type { HostTensor } from '../host-tensor.js';
import { int64, onnx } from '../proto.js';
import type { IModelProto, IValueInfoProto } from '../proto.js';
import { readTensorProto } from '../tensor-proto.js';
import type { ExternalDataReader } from '../tensor-proto.js';
import { planGraph } from './graph-plan.js';
import { skeletonOf } from './graph-weights.js';
import { assignSlots } from './naming.js';
import { OnnxModule } from './onnx-module.js';
import type { GraphInput } from './onnx-module.js';
import { MAX_OPSET } from './op-types.js';
import type { OpDef } from './op-types.js';
import { findOp } from './ops/index.js';
import { toDevice } from './values.js';

/** Integer initializers up to this many elements are host constants rather than device buffers. */
const MAX_HOST_CONSTANT = 4096;

export interface ImportOptions {
  /** Device for the parameters (default: the default device). */
  device?: Device;
  /** Reads external data files; `loadOnnx` from `@pistil/onnx/node` supplies one confined to the model's folder. */
  externalData?: ExternalDataReader;
  /** Largest model file accepted, in bytes (default 2 GiB, protobuf's own limit). */
  maxBytes?: number;
}

/** Decodes ONNX bytes, turning any protobuf failure into an OnnxFormatError. */
export function decodeModel(bytes: Uint8Array, maxBytes = 2 ** 31 - 1): IModelProto {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`importOnnx: expected the model's bytes as a Uint8Array, got ${String(bytes)}`);
  if (bytes.length === 0) throw new OnnxFormatError('model: the file is empty');
  if (bytes.length > maxBytes) throw new OnnxFormatError(`model: ${bytes.length} bytes is more than the ${maxBytes} allowed`);
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (err) {
    throw new OnnxFormatError(`model: not a valid ONNX protobuf (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** The opset of the default domain the model imports. */
export function defaultOpset(model: IModelProto): number {
  const entry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  if (!entry) throw new OnnxFormatError('model: opset_import names no version of the default ONNX domain');
  const version = int64(entry.version as number);
  if (!Number.isSafeInteger(version) || version < 1) throw new OnnxFormatError(`model: opset_import version ${version} is invalid`);
  if (version > MAX_OPSET) throw new OnnxUnsupportedError(`model: opset ${version} is newer than the newest this importer implements (${MAX_OPSET})`);
  return version;
}

function lookupAt(opset: number): (opType: string, domain: string, where: string) => OpDef | string {
  return (opType, domain, where) => {
    if (domain && domain !== 'ai.onnx') return `${opType} of domain '${domain}' (${where})`;
    const def = findOp(opType);
    if (!def) return `${opType} (${where})`;
    if (def.since > opset) return `${opType} before opset ${def.since} (${where}, model opset ${opset})`;
    return def;
  };
}

function inputSpec(v: IValueInfoProto, where: string): GraphInput {
  const tensorType = v.type?.tensorType;
  if (!tensorType) throw new OnnxUnsupportedError(`${where}: only tensor inputs are supported`);
  const code = tensorType.elemType ?? 0;
  const elem = elemTypeOf(code);
  if (!elem) throw new OnnxUnsupportedError(`${where}: element type ${elemTypeName(code)} is not supported`);
  const dims = tensorType.shape ? (tensorType.shape.dim ?? []).map((d) => (d.dimValue !== null && d.dimValue !== undefined ? int64(d.dimValue as number) : (d.dimParam ?? null))) : null;
  return { name: v.name ?? '', dtype: deviceDType(elem) as DType, dims: dims?.map((d) => (typeof d === 'number' && d <= 0 ? null : d)) ?? null };
}

/**
 * Builds a trainable Module from ONNX bytes (opsets 1–18 of the default domain, see docs/onnx-ops.md).
 * Float initializers become parameters named as in the file; `model.eval()` before inference if the
 * graph has Dropout or BatchNormalization (imported modules start in train mode, as PyTorch's do).
 */
export function importOnnx(bytes: Uint8Array, options: ImportOptions = {}): OnnxModule {
  const model = decodeModel(bytes, options.maxBytes);
  const graph = model.graph;
  if (!graph) throw new OnnxFormatError('model: has no graph');
  const opset = defaultOpset(model);
  const device = options.device ?? getDefaultDevice();

  const initializers = new Map<string, HostTensor>();
  (graph.initializer ?? []).forEach((t, i) => {
    const name = t.name ?? '';
    const where = `initializer ${name ? `'${name}'` : `#${i}`}`;
    if (!name) throw new OnnxFormatError(`${where}: has no name`);
    if (initializers.has(name)) throw new OnnxFormatError(`${where}: name appears twice`);
    initializers.set(name, readTensorProto(t, where, options.externalData));
  });
  const inputs = (graph.input ?? []).filter((v) => !initializers.has(v.name ?? '')).map((v, i) => {
    if (!v.name) throw new OnnxFormatError(`graph input #${i}: has no name`);
    return inputSpec(v, `graph input '${v.name}'`);
  });
  const outputs = (graph.output ?? []).map((v, i) => {
    if (!v.name) throw new OnnxFormatError(`graph output #${i}: has no name`);
    return v.name;
  });
  if (outputs.length === 0) throw new OnnxFormatError('graph: declares no outputs');
  const defined = new Set([...initializers.keys(), ...inputs.map((i) => i.name)]);
  if (defined.size !== initializers.size + inputs.length) throw new OnnxFormatError('graph: an input name appears twice');
  const plan = planGraph(graph.node ?? [], defined, outputs, lookupAt(opset));

  // How each initializer is read decides what it becomes.
  const use = new Map<string, { device: boolean; state: boolean }>();
  for (const node of plan.nodes)
    node.inputs.forEach((name, i) => {
      if (!initializers.has(name)) return;
      const u = use.get(name) ?? { device: false, state: false };
      if (node.def.stateInputs?.includes(i)) u.state = true;
      else if (!node.def.hostInputs?.includes(i)) u.device = true;
      use.set(name, u);
    });
  for (const out of outputs) if (initializers.has(out)) use.set(out, { ...(use.get(out) ?? { state: false }), device: true });

  const ops: Record<string, number> = {};
  for (const n of plan.nodes) ops[n.opType] = (ops[n.opType] ?? 0) + 1;
  // Small integer constants stay on the host, so shape arithmetic that reads them folds there;
  // a node that needs one on the device gets it uploaded for the call.
  const hostSized = (h: HostTensor): boolean => !isFloatElem(h.type) && h.size <= MAX_HOST_CONSTANT;
  const onDevice = [...initializers].filter(([name, h]) => use.get(name)?.state || (use.get(name)?.device && !hostSized(h))).map(([name]) => name);
  const held = new Set(onDevice);
  const hostConstants = new Map([...initializers].filter(([name]) => !held.has(name)));
  const info = { irVersion: int64(model.irVersion as number), opset, producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '), graphName: graph.name ?? '', ops };
  const skeleton = skeletonOf(model, held);
  return new OnnxModule({ plan, opset, inputs, outputs, hostConstants, info, skeleton }, (module) => {
    const slots = assignSlots(module, onDevice);
    noGrad(() => {
      for (const name of onDevice) {
        const h = initializers.get(name)!;
        const t: Tensor = toDevice(h, device, `initializer '${name}'`);
        const u = use.get(name)!;
        const { owner, key } = slots.get(name)!;
        if (isFloatElem(h.type) && u.device && !u.state) owner.registerParameter(key, parameter(t));
        // Integer constants on the device (Gather indices) are not state: kept out of the state dict.
        else owner.registerBuffer(key, t, { persistent: isFloatElem(h.type) });
      }
    });
    return slots;
  });
}
