/** Reading a trace's constants back from the device, and writing them as initializers. */
import type { Tensor } from '@pistil/nn';
import { elemCode, elemOfDType } from '../elem-types.js';
import { HostTensor } from '../host-tensor.js';
import type { ITensorProto } from '../proto.js';
import { writeTensorProto } from '../tensor-proto.js';
import type { IrConstant } from './graph-ir.js';

async function hostOf(t: Tensor): Promise<HostTensor> {
  return HostTensor.of(elemOfDType(t.dtype), t.shape, await t.data());
}

/** Every constant's value (`await data()`, so backends that only read asynchronously work too). */
export async function readConstants(constants: ReadonlyMap<string, IrConstant>): Promise<Map<string, HostTensor>> {
  const out = new Map<string, HostTensor>();
  for (const [name, c] of constants) {
    out.set(name, c.kind === 'host' ? c.value : await hostOf(c.kind === 'state' ? c.tensor : c.holder));
  }
  return out;
}

export function sameValue(a: HostTensor, b: HostTensor): boolean {
  if (a.type !== b.type || a.size !== b.size || a.shape.length !== b.shape.length || a.shape.some((d, i) => d !== b.shape[i])) return false;
  for (let i = 0; i < a.size; i++) if (!Object.is(a.data[i], b.data[i])) return false;
  return true;
}

/** A key equal for equal constants (type, shape and values), for deduplication. */
export function valueKey(h: HostTensor): string {
  return `${h.type}|${h.shape.join('x')}|${Array.prototype.join.call(h.data, ',')}`;
}

const INT64_MAX = 2n ** 63n - 1n;
const INT64_MIN = -(2n ** 63n);

/** An initializer; int64 values are written exactly, ±Infinity as INT64_MAX/MIN (Slice's "to the end"). */
export function initializerProto(name: string, h: HostTensor): ITensorProto {
  if (h.type !== 'int64') return writeTensorProto(name, h);
  const bytes = new Uint8Array(h.size * 8);
  const view = new DataView(bytes.buffer);
  h.numbers().forEach((v, i) => view.setBigInt64(i * 8, v === Infinity ? INT64_MAX : v === -Infinity ? INT64_MIN : BigInt(Math.trunc(v)), true));
  return { name, dims: [...h.shape], dataType: elemCode('int64'), rawData: bytes };
}
