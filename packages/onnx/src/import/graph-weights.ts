/**
 * An imported model's graph kept without the data of the initializers the module holds (the
 * "skeleton"), and put back together with current weights: fine-tune a PyTorch export here and
 * write it out as ONNX with the original graph untouched.
 */
import { elemOfDType, elemTypeOf } from '../elem-types.js';
import { OnnxFormatError } from '../errors.js';
import { HostTensor } from '../host-tensor.js';
import { int64, onnx } from '../proto.js';
import type { IModelProto, ModelProto } from '../proto.js';
import { writeTensorProto } from '../tensor-proto.js';
import type { Tensor } from '@pistil/nn';

/** A copy of `model` in which the initializers named in `held` carry no data. */
export function skeletonOf(model: IModelProto, held: ReadonlySet<string>): IModelProto {
  const copy = onnx.ModelProto.fromObject(onnx.ModelProto.toObject(model as ModelProto));
  for (const t of copy.graph?.initializer ?? []) {
    if (!held.has(t.name ?? '')) continue;
    t.rawData = new Uint8Array();
    t.floatData = [];
    t.int32Data = [];
    t.doubleData = [];
    t.externalData = [];
    t.dataLocation = 0;
  }
  return copy;
}

/** The skeleton's bytes with every held initializer filled from `weights` (by ONNX name). */
export function fillSkeleton(skeleton: IModelProto, weights: ReadonlyMap<string, HostTensor>): Uint8Array {
  const model = onnx.ModelProto.fromObject(onnx.ModelProto.toObject(skeleton as ModelProto));
  const missing = [...weights.keys()].filter((name) => !(model.graph?.initializer ?? []).some((t) => t.name === name));
  if (missing.length > 0) throw new OnnxFormatError(`weights ${missing.join(', ')} are not initializers of the graph`);
  for (const t of model.graph?.initializer ?? []) {
    const w = weights.get(t.name ?? '');
    if (!w) continue;
    const dims = (t.dims ?? []).map((d) => int64(d as number));
    if (dims.join() !== w.shape.join()) throw new OnnxFormatError(`weight '${t.name}' has shape [${w.shape}], the graph declares [${dims}]`);
    // Written back in the graph's own type (float16 weights stay float16, int64 constants int64).
    const type = elemTypeOf(t.dataType ?? 0) ?? w.type;
    Object.assign(t, writeTensorProto(t.name ?? '', type === w.type ? w : HostTensor.of(type, w.shape, w.data)));
  }
  return onnx.ModelProto.encode(model).finish();
}

/** Reads a tensor back to the host as the ONNX type of its dtype. */
export async function hostOf(t: Tensor): Promise<HostTensor> {
  return HostTensor.of(elemOfDType(t.dtype), t.shape, (await t.data()) as ArrayLike<number>);
}
