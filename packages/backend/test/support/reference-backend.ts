/**
 * A test double: the float64 reference wrapped as a `Backend`, with the contract's validation
 * (shape errors, index ranges) in front. It exists to test the conformance harness (it must pass
 * every case, and planted bugs must fail); it is not a real backend.
 */
import {
  BackendError, DTYPES, DTypeError, INT_UNARY_OPS, ShapeError, broadcastShapes, concatShape, conv2dShape, conv2dTransposeShape, fmtShape,
  gatherShape, matmulShape, newTypedArray, pool2dShape, transposeShape,
  type Backend, type DType, type DataId, type KernelAttrs, type KernelInputs, type KernelName, type MemoryInfo, type TensorInfo, type TypedArray,
} from '../../src/index.js';
import { runReference, type HostInputs, type HostTensor } from '../../src/testing/index.js';

interface Buffer {
  dtype: DType;
  data: TypedArray;
}

export class ReferenceBackend implements Backend {
  readonly name: string = 'reference';
  readonly dtypes: readonly DType[] = DTYPES;
  protected readonly buffers = new Map<DataId, Buffer>();

  alloc(dtype: DType, size: number): DataId {
    const id: DataId = { backend: this.name };
    this.buffers.set(id, { dtype, data: newTypedArray(dtype, size) });
    return id;
  }

  private buffer(id: DataId): Buffer {
    const b = this.buffers.get(id);
    if (!b) throw new BackendError(`${this.name}: unknown or disposed buffer`);
    return b;
  }

  write(id: DataId, values: TypedArray): void {
    const b = this.buffer(id);
    if (values.length !== b.data.length) throw new ShapeError(`write: ${values.length} values for ${b.data.length} elements`);
    b.data.set(values);
  }

  async read(id: DataId): Promise<TypedArray> {
    return this.readSync(id);
  }

  readSync(id: DataId): TypedArray {
    return this.buffer(id).data.slice();
  }

  dispose(id: DataId): void {
    if (!this.buffers.delete(id)) throw new BackendError(`${this.name}: buffer disposed twice or unknown`);
  }

  memory(): MemoryInfo {
    let bytes = 0;
    for (const b of this.buffers.values()) bytes += b.data.byteLength;
    return { buffers: this.buffers.size, bytes, reservedBytes: bytes };
  }

  hasKernel(_name: KernelName): boolean {
    return true;
  }

  run<K extends KernelName>(kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): TensorInfo {
    if (this.validates) validate(kernel, inputs as Record<string, TensorInfo | readonly TensorInfo[]>, attrs as never, (t) => this.buffer(t.dataId).data);
    const hostInputs: Record<string, HostTensor | HostTensor[]> = {};
    for (const [key, v] of Object.entries(inputs) as [string, TensorInfo | readonly TensorInfo[]][]) {
      hostInputs[key] = Array.isArray(v) ? (v as readonly TensorInfo[]).map((t) => this.toHost(t)) : this.toHost(v as TensorInfo);
    }
    return this.fromHost(this.compute(kernel, hostInputs as HostInputs<K>, attrs));
  }

  /** Whether `run` checks shapes and index ranges first (a mutant may turn it off). */
  protected validates = true;

  /** The kernel's result on the host; mutants override this to plant a bug. */
  protected compute<K extends KernelName>(kernel: K, inputs: HostInputs<K>, attrs: KernelAttrs<K>): HostTensor {
    return runReference(kernel, inputs, attrs);
  }

  protected toHost(t: TensorInfo): HostTensor {
    return { shape: [...t.shape], dtype: t.dtype, data: Float64Array.from(this.buffer(t.dataId).data) };
  }

  protected fromHost(h: HostTensor): TensorInfo {
    const id = this.alloc(h.dtype, h.data.length);
    const b = this.buffer(id);
    for (let i = 0; i < h.data.length; i++) b.data[i] = h.data[i]!;
    return { dataId: id, shape: h.shape, dtype: h.dtype };
  }
}

type Attrs = Record<string, unknown> & { axis?: number; axes?: number[]; op?: string; shape?: number[] };

/** The checks the contract asks of every kernel, done before anything is allocated. */
function validate(kernel: KernelName, inputs: Record<string, TensorInfo | readonly TensorInfo[]>, attrs: Attrs, data: (t: TensorInfo) => TypedArray): void {
  const t = (name: string) => inputs[name] as TensorInfo;
  const isFloat = (x: TensorInfo) => x.dtype === 'float32' || x.dtype === 'float64';
  const sameDType = (a: TensorInfo, b: TensorInfo) => {
    if (a.dtype !== b.dtype) throw new DTypeError(`${kernel}: dtypes ${a.dtype} and ${b.dtype} differ`);
  };
  switch (kernel) {
    case 'unary': {
      const op = attrs.op as (typeof INT_UNARY_OPS)[number] | 'logicalNot';
      const dtype = t('x').dtype;
      const ok = op === 'logicalNot' ? dtype === 'bool' : isFloat(t('x')) || (dtype === 'int32' && INT_UNARY_OPS.includes(op));
      if (!ok) throw new DTypeError(`unary ${op}: unsupported dtype ${dtype}`);
      return;
    }
    case 'binary':
    case 'compare':
    case 'logical':
      sameDType(t('a'), t('b'));
      broadcastShapes(kernel, t('a').shape, t('b').shape);
      return;
    case 'where':
      sameDType(t('a'), t('b'));
      broadcastShapes(kernel, t('condition').shape, t('a').shape, t('b').shape);
      return;
    case 'matmul':
      if (!isFloat(t('a')) || !isFloat(t('b'))) throw new DTypeError('matmul: needs float inputs');
      matmulShape(t('a').shape, t('b').shape, attrs.transposeA as boolean, attrs.transposeB as boolean);
      return;
    case 'pad': {
      const { pads, mode } = attrs as unknown as KernelAttrs<'pad'>;
      t('x').shape.forEach((d, i) => {
        const [before, after] = pads[i]!;
        if (mode === 'reflect' && (before >= d || after >= d) && before + after > 0) throw new ShapeError(`pad: reflect needs pads < dim ${i} (${d})`);
        if (mode === 'replicate' && d === 0 && before + after > 0) throw new ShapeError(`pad: replicate needs dim ${i} > 0`);
      });
      return;
    }
    case 'conv2d':
      conv2dShape(t('x').shape, t('w').shape, attrs as never);
      return;
    case 'fusedMatmul':
    case 'fusedConv2d': {
      const [x, w] = kernel === 'fusedMatmul' ? [t('a'), t('b')] : [t('x'), t('w')];
      if (!isFloat(x) || !isFloat(w)) throw new DTypeError(`${kernel}: needs float inputs`);
      sameDType(x, w);
      const out = kernel === 'fusedMatmul' ? matmulShape(x.shape, w.shape, attrs.transposeA as boolean, attrs.transposeB as boolean) : conv2dShape(x.shape, w.shape, attrs as never);
      const bias = inputs.bias as TensorInfo | undefined;
      if (bias) {
        sameDType(x, bias);
        const channels = kernel === 'fusedMatmul' ? out[out.length - 1]! : out[1]!;
        if (fmtShape(bias.shape) !== fmtShape([channels])) throw new ShapeError(`${kernel}: bias ${fmtShape(bias.shape)} should be [${channels}]`);
      }
      return;
    }
    case 'conv2dTranspose':
      conv2dTransposeShape(t('x').shape, t('w').shape, attrs as never);
      return;
    case 'maxPool2d':
    case 'avgPool2d':
      pool2dShape(kernel, t('x').shape, attrs as never);
      return;
    case 'transpose':
      transposeShape(t('x').shape, attrs.perm as number[]);
      return;
    case 'concat':
      concatShape((inputs.xs as readonly TensorInfo[]).map((x) => x.shape), attrs.axis!);
      return;
    case 'broadcastTo': {
      const out = broadcastShapes(kernel, t('x').shape, attrs.shape!);
      if (fmtShape(out) !== fmtShape(attrs.shape!)) throw new ShapeError(`broadcastTo: ${fmtShape(t('x').shape)} does not broadcast to ${fmtShape(attrs.shape!)}`);
      return;
    }
    case 'gather': {
      if (t('indices').dtype !== 'int32') throw new DTypeError('gather: indices must be int32');
      const dim = t('x').shape[attrs.axis!]!;
      gatherShape(t('x').shape, t('indices').shape, attrs.axis!);
      checkIndices(kernel, data(t('indices')), dim);
      return;
    }
    case 'scatterAdd': {
      const shape = attrs.shape!;
      const axis = attrs.axis!;
      const want = gatherShape(shape, t('indices').shape, axis);
      if (fmtShape(want) !== fmtShape(t('updates').shape)) throw new ShapeError(`scatterAdd: updates ${fmtShape(t('updates').shape)} should be ${fmtShape(want)}`);
      checkIndices(kernel, data(t('indices')), shape[axis]!);
      return;
    }
    case 'slice': {
      const { begin, size, step } = attrs as { begin: number[]; size: number[]; step: number[] };
      t('x').shape.forEach((d, i) => {
        const last = begin[i]! + (size[i]! - 1) * step[i]!;
        if (size[i]! > 0 && (begin[i]! < 0 || begin[i]! >= d || last < 0 || last >= d)) throw new ShapeError(`slice: out of range in dim ${i}`);
      });
      return;
    }
    case 'reduce': {
      const x = t('x');
      const empty = attrs.axes!.some((a) => x.shape[a] === 0);
      if (empty && (attrs.op === 'max' || attrs.op === 'min') && x.dtype !== 'float32' && x.dtype !== 'float64') throw new ShapeError(`reduce: integer ${attrs.op} of an empty axis`);
      return;
    }
    case 'argReduce':
      if (t('x').shape[attrs.axis!] === 0) throw new ShapeError(`argReduce: empty axis ${attrs.axis}`);
      return;
    default:
      return;
  }
}

function checkIndices(kernel: string, indices: TypedArray, dim: number): void {
  for (const i of indices) if (i < 0 || i >= dim) throw new ShapeError(`${kernel}: index ${i} out of range [0, ${dim})`);
}
