/**
 * Tests of the conformance harness: the reference wrapped as a backend passes every case, and
 * backends with planted bugs fail the cases meant to catch them, with useful messages.
 */
import { describe, expect, it } from 'vitest';
import { BackendError, KERNEL_NAMES, KernelTable, OPTIONAL_KERNEL_NAMES, type DType, type KernelAttrs, type KernelInputs, type KernelName, type TensorInfo } from '../src/index.js';
import { conformanceCases, runConformance, runReference, type CaseResult, type ConformanceOptions, type HostInputs, type HostTensor } from '../src/testing/index.js';
import { ReferenceBackend } from './support/reference-backend.js';

type Plant = (kernel: KernelName, inputs: Record<string, HostTensor>, attrs: Record<string, unknown>, ref: HostTensor) => HostTensor | undefined;

/** The reference backend with one bug planted in `compute`. */
class Mutant extends ReferenceBackend {
  constructor(private readonly plant: Plant) {
    super();
  }

  protected override compute<K extends KernelName>(kernel: K, inputs: HostInputs<K>, attrs: KernelAttrs<K>): HostTensor {
    const ref = super.compute(kernel, inputs, attrs);
    return this.plant(kernel, inputs as unknown as Record<string, HostTensor>, attrs as Record<string, unknown>, ref) ?? ref;
  }
}

function mapData(t: HostTensor, fn: (v: number, i: number) => number): HostTensor {
  return { ...t, data: Float64Array.from(t.data, fn) };
}

async function failures(backend: ReferenceBackend, kernel: KernelName, options?: ConformanceOptions): Promise<CaseResult[]> {
  return (await runConformance(backend, options)).filter((r) => r.kernel === kernel && r.status === 'fail');
}

async function failedNames(backend: ReferenceBackend, kernel: KernelName): Promise<string[]> {
  return (await failures(backend, kernel)).map((r) => r.name);
}

describe('the suite on the reference backend', () => {
  it('passes every case', async () => {
    const results = await runConformance(new ReferenceBackend());
    expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(results.every((r) => r.maxError === undefined || r.maxError < 1e-6)).toBe(true);
  });

  it('has 5–25 uniquely named cases for every kernel, in KERNEL_NAMES order, then the optional kernels', () => {
    const cases = conformanceCases();
    for (const k of [...KERNEL_NAMES, ...OPTIONAL_KERNEL_NAMES]) {
      const names = cases.filter((c) => c.kernel === k).map((c) => c.name);
      expect(names.length, k).toBeGreaterThanOrEqual(5);
      expect(names.length, k).toBeLessThanOrEqual(25);
      expect(new Set(names).size, k).toBe(names.length);
    }
    expect([...new Set(cases.map((c) => c.kernel))]).toEqual([...KERNEL_NAMES, ...OPTIONAL_KERNEL_NAMES]);
  });

  it('reports every dtype a case touches', () => {
    const c = conformanceCases().find((k) => k.kernel === 'compare' && k.name === 'int32 every op')!;
    expect([...c.dtypes].sort()).toEqual(['bool', 'int32']);
  });
});

describe('skipping', () => {
  it('skips cases using skipDTypes, and kernels in skipKernels, with a reason', async () => {
    const results = await runConformance(new ReferenceBackend(), { skipDTypes: ['float64'], skipKernels: ['conv2d'] });
    const conv = results.filter((r) => r.kernel === 'conv2d');
    expect(conv.every((r) => r.status === 'skip' && r.message === "kernel 'conv2d' skipped by options")).toBe(true);
    const f64 = results.filter((r) => r.kernel !== 'conv2d' && r.status === 'skip');
    expect(f64.length).toBeGreaterThan(10);
    expect(f64.every((r) => r.message === 'dtype float64 skipped by options')).toBe(true);
    expect(results.some((r) => r.status === 'fail')).toBe(false);
  });

  it("skips dtypes missing from the backend's own list", async () => {
    class NoUint8 extends ReferenceBackend {
      override readonly dtypes: readonly DType[] = ['float32', 'float64', 'int32', 'bool'];
    }
    const results = await runConformance(new NoUint8());
    const skipped = results.filter((r) => r.status === 'skip');
    expect(skipped.length).toBeGreaterThan(0);
    expect(skipped.every((r) => r.message === "backend 'reference' does not support uint8")).toBe(true);
    expect(results.some((r) => r.status === 'fail')).toBe(false);
  });

  it('runs the checks of a mixed case that avoid a missing dtype, and only those', async () => {
    class NoFloat64 extends ReferenceBackend {
      override readonly dtypes: readonly DType[] = ['float32', 'int32', 'uint8', 'bool'];
      readonly allocated = new Set<DType>();
      override alloc(dtype: DType, size: number) {
        this.allocated.add(dtype);
        return super.alloc(dtype, size);
      }
    }
    const c = conformanceCases().find((k) => k.kernel === 'fill' && k.name === 'every dtype')!;
    expect(c.checkDTypes.some((ds) => ds.includes('float64')) && c.checkDTypes.some((ds) => !ds.includes('float64'))).toBe(true);
    const backend = new NoFloat64();
    expect((await c.run(backend)).status).toBe('pass');
    expect([...backend.allocated].sort()).toEqual(['bool', 'int32', 'uint8']);
  });
});

describe('planted bugs are caught', () => {
  it('rounding half away from zero instead of to even', async () => {
    const m = new Mutant((k, { x }, a) => (k === 'unary' && a.op === 'round' ? mapData(x!, Math.round) : undefined));
    expect(await failedNames(m, 'unary')).toContain('round half to even, floor/ceil/trunc at ties');
  });

  it('clamp turning NaN into a bound', async () => {
    const m = new Mutant((k, { x }, a, ref) => (k === 'unary' && a.op === 'clamp' ? mapData(ref, (v, i) => (Number.isNaN(x!.data[i]!) ? (a.alpha as number) : v)) : undefined));
    expect(await failedNames(m, 'unary')).toEqual(['NaN and ±Inf propagation']);
  });

  it('maximum ignoring NaN (fmax)', async () => {
    const m = new Mutant((k, { a, b }, attrs, ref) => {
      if (k !== 'binary' || attrs.op !== 'maximum' || a!.data.length !== b!.data.length) return undefined;
      return mapData(ref, (v, i) => (Number.isNaN(a!.data[i]!) ? b!.data[i]! : Number.isNaN(b!.data[i]!) ? a!.data[i]! : v));
    });
    expect(await failedNames(m, 'binary')).toEqual(['NaN and ±Inf']);
  });

  it('a slightly wrong float32 add', async () => {
    const m = new Mutant((k, _i, a, ref) => (k === 'binary' && a.op === 'add' && ref.dtype === 'float32' ? mapData(ref, (v) => v * (1 + 4e-6)) : undefined));
    const failed = await failures(m, 'binary');
    expect(failed.map((r) => r.name)).toContain('float32 same shape, every op');
    expect(failed[0]!.message).toMatch(/^add float32: \d+ of \d+ elements differ \(arithmetic, t=1\.0e-6\); first at \[/);
    expect(failed[0]!.maxError).toBeGreaterThan(1e-6);
  });

  it('argmax skipping NaN', async () => {
    const m = new Mutant((k, { x }, a) => {
      if (k !== 'argReduce') return undefined;
      return new ReferenceBackend()['compute']('argReduce', { x: mapData(x!, (v) => (Number.isNaN(v) ? -Infinity : v)) }, a as KernelAttrs<'argReduce'>);
    });
    expect(await failedNames(m, 'argReduce')).toEqual(['NaN counts as the extreme, first NaN wins']);
  });

  it('max of an empty axis giving 0 instead of −Inf', async () => {
    const m = new Mutant((k, { x }, a, ref) => (k === 'reduce' && a.op === 'max' && x!.shape.includes(0) ? mapData(ref, () => 0) : undefined));
    expect(await failedNames(m, 'reduce')).toEqual(['empty axes give identities']);
  });

  it('scatterAdd overwriting repeats instead of adding them', async () => {
    const m = new Mutant((k, { updates, indices }, a, ref) => {
      if (k !== 'scatterAdd' || updates!.shape.length !== 1 || indices!.shape.length !== 1 || a.axis !== 0) return undefined;
      const out = mapData(ref, () => 0);
      indices!.data.forEach((at, i) => (out.data[at] = updates!.data[i]!));
      return out;
    });
    expect(await failedNames(m, 'scatterAdd')).toEqual(['repeated indices add up']);
  });

  it('cast to int32 wrapping instead of saturating', async () => {
    const m = new Mutant((k, { x }, a) => (k === 'cast' && a.dtype === 'int32' && x!.dtype.startsWith('float') ? { ...mapData(x!, (v) => v | 0), dtype: 'int32' } : undefined));
    expect(await failedNames(m, 'cast')).toEqual(['from float32 to every dtype', 'from float64 to every dtype', 'NaN and ±Inf to every dtype']);
  });

  it('matmul ignoring transposeB', async () => {
    const m = new Mutant((k, { a, b }, attrs) => {
      if (k !== 'matmul' || !attrs.transposeB) return undefined;
      const r = b!.shape.length;
      const bt = { ...b!, shape: [...b!.shape.slice(0, -2), b!.shape[r - 1]!, b!.shape[r - 2]!] };
      return new ReferenceBackend()['compute']('matmul', { a: a!, b: bt }, { transposeA: attrs.transposeA as boolean, transposeB: false });
    });
    expect(await failedNames(m, 'matmul')).toContain('all four transpose combinations');
  });

  it('avgPool2d always counting padded positions', async () => {
    const m = new Mutant((k, inputs, a) =>
      k === 'avgPool2d' && !a.countIncludePad ? new ReferenceBackend()['compute']('avgPool2d', inputs as { x: HostTensor }, { ...(a as unknown as KernelAttrs<'avgPool2d'>), countIncludePad: true }) : undefined,
    );
    const failed = await failures(m, 'avgPool2d');
    expect(failed.map((r) => r.name)).toContain('3×3, stride 1, pads 1 (overlapping)');
    expect(failed.every((r) => r.message!.startsWith('excluding pads: '))).toBe(true);
  });

  it('the random stream shifted by one element', async () => {
    const m = new Mutant((k, _i, a, ref) =>
      k === 'random' ? new ReferenceBackend()['compute']('random', {}, { ...(a as KernelAttrs<'random'>), seed: (a.seed as number) + 1 }) : ref,
    );
    const cases = conformanceCases().filter((c) => c.kernel === 'random').map((c) => c.name);
    expect(await failedNames(m, 'random')).toEqual(cases.filter((name) => name !== 'large draw: range, mean and std'));
  });

  it('a transcendental op off by 5e-5 fails, unless the tolerance class is widened', async () => {
    const m = new Mutant((k, _i, a, ref) => (k === 'unary' && a.op === 'exp' && ref.dtype === 'float32' ? mapData(ref, (v) => v * (1 + 5e-5)) : undefined));
    expect(await failedNames(m, 'unary')).toContain('float32 exp expm1 log log1p');
    expect(await failedNames(m, 'unary').then(() => failures(m, 'unary', { tolerance: { transcendental: 3e-4 } }))).toEqual([]);
  });

  it('gather and scatterAdd that do not check indices', async () => {
    class Unchecked extends ReferenceBackend {
      protected override validates = false;
    }
    const gather = await failures(new Unchecked(), 'gather');
    expect(gather.map((r) => r.name)).toEqual(['index equal to the dim', 'float32 indices', 'negative index']);
    expect(gather[0]!.message).toMatch(/^expected ShapeError, but it returned a float32 \[/);
  });

  it('a kernel that leaks a buffer', async () => {
    class Leaky extends ReferenceBackend {
      protected override compute<K extends KernelName>(kernel: K, inputs: HostInputs<K>, attrs: KernelAttrs<K>): HostTensor {
        if (kernel === 'transpose') this.alloc('float32', 4);
        return super.compute(kernel, inputs, attrs);
      }
    }
    const failed = await failures(new Leaky(), 'transpose');
    expect(failed.length).toBe(conformanceCases().filter((c) => c.kernel === 'transpose').length - 1); // all but the throwing case
    expect(failed[0]!.message).toBe('memory(): 1 buffer(s) still live after disposing everything the case allocated (0 before, 1 after)');
  });

  it('a kernel that returns its input, or disposes it', async () => {
    class Aliasing extends ReferenceBackend {
      override run<K extends KernelName>(kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): TensorInfo {
        if (kernel === 'broadcastTo') return (inputs as KernelInputs<'broadcastTo'>).x;
        const out = super.run(kernel, inputs, attrs);
        if (kernel === 'slice') this.dispose((inputs as KernelInputs<'slice'>).x.dataId);
        return out;
      }
    }
    const alias = await failures(new Aliasing(), 'broadcastTo');
    expect(alias[0]!.message).toBe('the kernel returned the storage of one of its inputs (outputs must be newly allocated)');
    const disposed = await failures(new Aliasing(), 'slice');
    expect(disposed[0]!.message).toMatch(/^disposing the case's tensors failed: threw BackendError: /);
  });

  it('a wrong output dtype', async () => {
    const m = new Mutant((k, { x }, a, ref) => (k === 'reduce' && a.op === 'sum' && x!.dtype === 'bool' ? { ...ref, dtype: 'bool' } : undefined));
    const failed = await failures(m, 'reduce');
    expect(failed[0]!.message).toMatch(/output is bool \[4, 1\], expected int32 \[4, 1\]/);
  });

  it('a missing kernel fails every case of that kernel, naming it', async () => {
    class NoFill extends ReferenceBackend {
      private readonly table = new KernelTable<NoFill>(this.name);
      override hasKernel(name: KernelName): boolean {
        return name !== 'fill';
      }
      override run<K extends KernelName>(kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): TensorInfo {
        return kernel === 'fill' ? this.table.run(this, kernel, inputs, attrs) : super.run(kernel, inputs, attrs);
      }
    }
    const failed = await failures(new NoFill(), 'fill');
    expect(failed.length).toBe(7);
    expect(failed[0]!.message).toBe(`threw BackendError: kernel 'fill' is not implemented by backend 'reference'`);
    expect(new BackendError('x')).toBeInstanceOf(Error);
  });

  it('a missing optional kernel skips its cases, naming it', async () => {
    class NoFusion extends ReferenceBackend {
      override hasKernel(name: KernelName): boolean {
        return !OPTIONAL_KERNEL_NAMES.includes(name);
      }
    }
    const results = (await runConformance(new NoFusion())).filter((r) => OPTIONAL_KERNEL_NAMES.includes(r.kernel));
    expect(results.length).toBeGreaterThan(0);
    expect(results.every((r) => r.status === 'skip')).toBe(true);
    expect(results[0]!.message).toBe("backend 'reference' does not have the optional kernel 'fusedMatmul'");
  });

  it('a fused kernel that forgets its bias or its activation fails', async () => {
    const noBias = new Mutant((k, { a, b }, attrs) => (k === 'fusedMatmul' ? runReference(k, { a: a!, b: b! }, attrs as unknown as KernelAttrs<typeof k>) : undefined));
    expect((await failedNames(noBias, 'fusedMatmul')).length).toBeGreaterThan(0);
    const noRelu = new Mutant((k, inputs, attrs) =>
      k === 'fusedConv2d' ? runReference(k, inputs as unknown as HostInputs<typeof k>, { ...(attrs as unknown as KernelAttrs<typeof k>), activation: 'none' }) : undefined);
    expect((await failedNames(noRelu, 'fusedConv2d')).length).toBeGreaterThan(0);
  });
});
