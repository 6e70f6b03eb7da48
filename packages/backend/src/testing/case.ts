/**
 * What a conformance case is and how one runs: upload host inputs, run the kernel, read the
 * output back, compare it with the reference, dispose everything, and check that the backend's
 * buffer count is back where it started.
 */
import type { Backend } from '../backend.js';
import type { DType } from '../dtypes.js';
import { OPTIONAL_KERNEL_NAMES, type KernelAttrs, type KernelInputs, type KernelName, type TensorInfo } from '../kernels.js';
import { hostSize, storeAs, type HostInputs, type HostTensor } from './host.js';
import { download, upload } from './io.js';
import { runReference } from './reference/index.js';
import { Rng } from './rng.js';
import { compareValues, toleranceFor, type ToleranceClass } from './tolerance.js';

export interface ConformanceOptions {
  /** Override tolerance classes, e.g. `{ transcendental: 3e-4 }` for WebGL. */
  tolerance?: Partial<Record<ToleranceClass, number>>;
  /** Dtypes this backend does not support: cases using them are reported as skipped. */
  skipDTypes?: DType[];
  /** Kernels to leave out (reported as skipped, never silently). */
  skipKernels?: KernelName[];
}

export interface CaseResult {
  kernel: KernelName;
  name: string;
  status: 'pass' | 'fail' | 'skip';
  /** Largest |got − ref| / (1 + max(|ref|, mag)) seen, in the units of the tolerance. */
  maxError?: number;
  message?: string;
}

export interface ConformanceCase {
  readonly kernel: KernelName;
  readonly name: string;
  /** Every dtype the case stores or computes with. */
  readonly dtypes: readonly DType[];
  /**
   * The dtypes of each of the case's checks. A backend that lacks (or options that skip) one of a
   * check's dtypes skips that check alone; the case is skipped when all its checks are.
   */
  readonly checkDTypes: readonly (readonly DType[])[];
  /** Runs the case; never throws — a failure is a `'fail'` result with a message. */
  run(backend: Backend, options?: ConformanceOptions): Promise<CaseResult>;
}

/** Thrown inside a case to fail it with a message (and the largest error seen, if any). */
export class CaseFailure extends Error {
  constructor(message: string, readonly maxError?: number) {
    super(message);
  }
}

/** The errors the contract asks kernels to throw, by class name. */
export type ContractErrorName = 'ShapeError' | 'DTypeError' | 'BackendError';

/** Tracks every buffer a case allocates so that it can all be disposed at the end. */
export class CaseContext {
  private readonly owned: TensorInfo[] = [];

  constructor(readonly backend: Backend, readonly options: ConformanceOptions) {}

  upload(t: HostTensor): TensorInfo {
    const info = upload(this.backend, t);
    this.owned.push(info);
    return info;
  }

  uploadInputs<K extends KernelName>(inputs: HostInputs<K>): KernelInputs<K> {
    const out: Record<string, TensorInfo | TensorInfo[]> = {};
    for (const [key, v] of Object.entries(inputs) as [string, HostTensor | HostTensor[]][]) {
      out[key] = Array.isArray(v) ? v.map((t) => this.upload(t)) : this.upload(v);
    }
    return out as unknown as KernelInputs<K>;
  }

  /** Takes ownership of a tensor a kernel returned; fails if it aliases one the case owns. */
  adopt(out: TensorInfo): TensorInfo {
    if (this.owned.some((t) => t.dataId === out.dataId)) {
      throw new CaseFailure('the kernel returned the storage of one of its inputs (outputs must be newly allocated)');
    }
    this.owned.push(out);
    return out;
  }

  run<K extends KernelName>(kernel: K, inputs: KernelInputs<K>, attrs: KernelAttrs<K>): TensorInfo {
    return this.adopt(this.backend.run(kernel, inputs, attrs));
  }

  download(info: TensorInfo): Promise<HostTensor> {
    return download(this.backend, info);
  }

  /** Disposes everything the case allocated; returns what went wrong doing so. */
  disposeAll(): string[] {
    const errors: string[] = [];
    for (const t of this.owned.splice(0)) {
      try {
        this.backend.dispose(t.dataId);
      } catch (err) {
        errors.push(describeError(err));
      }
    }
    return errors;
  }
}

export function describeError(err: unknown): string {
  if (err instanceof CaseFailure) return err.message;
  if (err instanceof Error) return `threw ${err.name}: ${err.message}`;
  return `threw ${String(err)}`;
}

/** Why a case is skipped because of the options alone (known before any backend exists). */
export function optionSkipReason(c: ConformanceCase, options: ConformanceOptions = {}): string | undefined {
  if (options.skipKernels?.includes(c.kernel)) return `kernel '${c.kernel}' skipped by options`;
  if (!options.skipDTypes?.length) return undefined; // spares computing `dtypes` (the reference) when collecting tests
  const skipped = unrunnableDTypes(c, (d) => options.skipDTypes!.includes(d));
  return skipped ? `dtype ${skipped.join(', ')} skipped by options` : undefined;
}

export function skipReason(c: ConformanceCase, backend: Backend, options: ConformanceOptions = {}): string | undefined {
  const byOptions = optionSkipReason(c, options);
  if (byOptions) return byOptions;
  if (OPTIONAL_KERNEL_NAMES.includes(c.kernel) && !backend.hasKernel(c.kernel)) return `backend '${backend.name}' does not have the optional kernel '${c.kernel}'`;
  const unsupported = unrunnableDTypes(c, (d) => !backend.dtypes.includes(d));
  return unsupported ? `backend '${backend.name}' does not support ${unsupported.join(', ')}` : undefined;
}

/** The excluded dtypes, when every check of the case uses one (so nothing of it can run). */
function unrunnableDTypes(c: ConformanceCase, excluded: (d: DType) => boolean): DType[] | undefined {
  if (!c.checkDTypes.every((ds) => ds.some(excluded))) return undefined;
  return c.dtypes.filter(excluded);
}

/** Whether one check can run: none of its dtypes is unsupported by the backend or skipped by options. */
function checkRunnable(dtypes: readonly DType[], backend: Backend, options: ConformanceOptions): boolean {
  return dtypes.every((d) => backend.dtypes.includes(d) && !options.skipDTypes?.includes(d));
}

abstract class BaseCase implements ConformanceCase {
  constructor(readonly kernel: KernelName, readonly name: string) {}

  abstract get dtypes(): readonly DType[];

  /** One check by default: the case runs whole or not at all. */
  get checkDTypes(): readonly (readonly DType[])[] {
    return [this.dtypes];
  }

  /** The case's checks; returns the largest error seen, if it compared values. */
  protected abstract body(ctx: CaseContext): Promise<number | undefined>;

  protected rng(): Rng {
    return Rng.fromString(`${this.kernel}/${this.name}`);
  }

  async run(backend: Backend, options: ConformanceOptions = {}): Promise<CaseResult> {
    const base = { kernel: this.kernel, name: this.name };
    let failure: string | undefined;
    let maxError: number | undefined;
    try {
      const skip = skipReason(this, backend, options);
      if (skip) return { ...base, status: 'skip', message: skip };
    } catch (err) {
      return { ...base, status: 'fail', message: `could not prepare the case: ${describeError(err)}` };
    }
    const ctx = new CaseContext(backend, options);
    try {
      const before = backend.memory().buffers;
      try {
        maxError = await this.body(ctx);
      } catch (err) {
        failure = describeError(err);
        if (err instanceof CaseFailure) maxError = err.maxError;
      }
      const disposeErrors = ctx.disposeAll();
      if (!failure && disposeErrors.length > 0) failure = `disposing the case's tensors failed: ${disposeErrors.join('; ')}`;
      const after = backend.memory().buffers;
      if (!failure && after !== before) {
        failure = `memory(): ${after - before} buffer(s) still live after disposing everything the case allocated (${before} before, ${after} after)`;
      }
    } catch (err) {
      failure ??= `memory() ${describeError(err)}`;
    }
    return failure ? { ...base, status: 'fail', maxError, message: failure } : { ...base, status: 'pass', maxError };
  }
}

/** One kernel call checked against the reference. */
export interface Check<K extends KernelName> {
  /** Names this call in messages when a case holds several (e.g. the op). */
  label?: string;
  inputs: HostInputs<K>;
  attrs: KernelAttrs<K>;
  tol: ToleranceClass;
  /** Reduction length, for the `accumulate` class. */
  length?: number;
  /** Judge errors against the reference on |inputs| too (default: on for `accumulate`). */
  magnitude?: boolean;
}

interface Prepared<K extends KernelName> {
  check: Check<K>;
  expected: HostTensor;
  magnitude?: Float64Array;
}

function tensorsOf(inputs: object): HostTensor[] {
  return (Object.values(inputs) as (HostTensor | HostTensor[])[]).flat();
}

function absInputs<K extends KernelName>(inputs: HostInputs<K>): HostInputs<K> {
  const abs = (t: HostTensor): HostTensor => ({ ...t, data: Float64Array.from(t.data, (v) => Math.abs(v)) });
  const out: Record<string, HostTensor | HostTensor[]> = {};
  for (const [key, v] of Object.entries(inputs) as [string, HostTensor | HostTensor[]][]) out[key] = Array.isArray(v) ? v.map(abs) : abs(v);
  return out as HostInputs<K>;
}

function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const idx = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    idx[d] = flat % shape[d]!;
    flat = Math.floor(flat / shape[d]!);
  }
  return idx;
}

class CheckCase<K extends KernelName> extends BaseCase {
  private prepared?: Prepared<K>[];

  constructor(kernel: K, name: string, private readonly make: (rng: Rng) => Check<K> | Check<K>[]) {
    super(kernel, name);
  }

  private prepare(): Prepared<K>[] {
    if (this.prepared) return this.prepared;
    const made = this.make(this.rng());
    this.prepared = (Array.isArray(made) ? made : [made]).map((check) => {
      const ref = runReference(this.kernel as K, check.inputs, check.attrs);
      const expected = { ...ref, data: Float64Array.from(ref.data, (v) => storeAs(ref.dtype, v)) };
      const useMagnitude = check.magnitude ?? check.tol === 'accumulate';
      const magnitude = useMagnitude ? Float64Array.from(runReference(this.kernel as K, absInputs(check.inputs), check.attrs).data) : undefined;
      return { check, expected, magnitude };
    });
    return this.prepared;
  }

  override get checkDTypes(): readonly (readonly DType[])[] {
    return this.prepare().map((p) => [...new Set([...tensorsOf(p.check.inputs).map((t) => t.dtype), p.expected.dtype])]);
  }

  get dtypes(): readonly DType[] {
    return [...new Set(this.checkDTypes.flat())];
  }

  protected async body(ctx: CaseContext): Promise<number> {
    let maxError = 0;
    const problems: string[] = [];
    const dtypesOf = this.checkDTypes;
    for (const [i, { check, expected, magnitude }] of this.prepare().entries()) {
      if (!checkRunnable(dtypesOf[i]!, ctx.backend, ctx.options)) continue; // e.g. the float64 half of a case, on WebGL
      const where = check.label ? `${check.label}: ` : '';
      const out = ctx.run(this.kernel as K, ctx.uploadInputs(check.inputs), check.attrs);
      if (out.dtype !== expected.dtype || fmtShape(out.shape) !== fmtShape(expected.shape)) {
        problems.push(`${where}output is ${out.dtype} ${fmtShape(out.shape)}, expected ${expected.dtype} ${fmtShape(expected.shape)}`);
        continue;
      }
      const got = await ctx.download(out);
      if (got.data.length !== hostSize(expected.shape)) {
        problems.push(`${where}read() returned ${got.data.length} values for shape ${fmtShape(expected.shape)}`);
        continue;
      }
      const t = toleranceFor(check.tol, expected.dtype, ctx.options.tolerance, check.length);
      const cmp = compareValues(got.data, expected.data, t, magnitude);
      maxError = Math.max(maxError, cmp.maxError);
      if (cmp.first) {
        const { index, expected: e, got: g, bound } = cmp.first;
        problems.push(
          `${where}${cmp.mismatches} of ${expected.data.length} elements differ (${check.tol}, t=${t === 0 ? 0 : t.toExponential(1)}); ` +
            `first at ${fmtShape(unravel(index, expected.shape))}: expected ${e}, got ${g}` +
            (bound > 0 ? ` (allowed ±${bound.toExponential(2)})` : ''),
        );
      }
    }
    if (problems.length > 0) throw new CaseFailure(problems.join('; '), maxError);
    return maxError;
  }
}

class ThrowsCase<K extends KernelName> extends BaseCase {
  private made?: { inputs: HostInputs<K>; attrs: KernelAttrs<K> };

  constructor(
    kernel: K,
    name: string,
    private readonly errors: readonly ContractErrorName[],
    private readonly make: (rng: Rng) => { inputs: HostInputs<K>; attrs: KernelAttrs<K> },
  ) {
    super(kernel, name);
  }

  private prepare(): { inputs: HostInputs<K>; attrs: KernelAttrs<K> } {
    return (this.made ??= this.make(this.rng()));
  }

  get dtypes(): readonly DType[] {
    const { inputs, attrs } = this.prepare();
    const set = new Set(tensorsOf(inputs).map((t) => t.dtype));
    const dtype = (attrs as { dtype?: DType }).dtype;
    if (dtype) set.add(dtype);
    return [...set];
  }

  protected async body(ctx: CaseContext): Promise<undefined> {
    const { inputs, attrs } = this.prepare();
    const infos = ctx.uploadInputs(inputs);
    let out: TensorInfo;
    try {
      out = ctx.backend.run(this.kernel as K, infos, attrs);
    } catch (err) {
      if (err instanceof Error && (this.errors as readonly string[]).includes(err.name)) return undefined;
      throw new CaseFailure(`expected ${this.errors.join(' or ')}, but it ${describeError(err)}`);
    }
    ctx.adopt(out);
    throw new CaseFailure(`expected ${this.errors.join(' or ')}, but it returned a ${out.dtype} ${fmtShape(out.shape)} tensor`);
  }
}

class CustomCase extends BaseCase {
  constructor(
    kernel: KernelName,
    name: string,
    readonly dtypes: readonly DType[],
    private readonly fn: (ctx: CaseContext, rng: Rng) => Promise<number | undefined>,
  ) {
    super(kernel, name);
  }

  protected body(ctx: CaseContext): Promise<number | undefined> {
    return this.fn(ctx, this.rng());
  }
}

/** A case that runs `kernel` on inputs made by `make` and compares with the reference. */
export function check<K extends KernelName>(kernel: K, name: string, make: (rng: Rng) => Check<K> | Check<K>[]): ConformanceCase {
  return new CheckCase(kernel, name, make);
}

/** A case in which `kernel` must throw one of `errors` (and leak nothing). */
export function throws<K extends KernelName>(
  kernel: K,
  name: string,
  errors: ContractErrorName | readonly ContractErrorName[],
  make: (rng: Rng) => { inputs: HostInputs<K>; attrs: KernelAttrs<K> },
): ConformanceCase {
  return new ThrowsCase(kernel, name, typeof errors === 'string' ? [errors] : errors, make);
}

/** A hand-written case; `fn` fails it by throwing `CaseFailure`. */
export function custom(
  kernel: KernelName,
  name: string,
  dtypes: readonly DType[],
  fn: (ctx: CaseContext, rng: Rng) => Promise<number | undefined>,
): ConformanceCase {
  return new CustomCase(kernel, name, dtypes, fn);
}
