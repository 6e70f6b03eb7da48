import { DTypeError, Tensor } from '@pistil/nn';
import { checkKnownKeys } from './check.js';

/** Copies an option so groups never share an array (betas) with the defaults or with each other. */
export function copyOption<V>(value: V): V {
  return (Array.isArray(value) ? [...value] : value) as V;
}

/** Splits what a constructor received into group inputs (checked later): a list of tensors is one group. */
export function toGroupInputs(where: string, params: unknown): object[] {
  if (params instanceof Tensor) throw new TypeError(`${where}: params must be a list of tensors or of param groups, got a single tensor; wrap it in [ ]`);
  if (params === null || typeof params !== 'object' || !(Symbol.iterator in params))
    throw new TypeError(`${where}: params must be a list of tensors or of param groups, got ${String(params)}`);
  const items: unknown[] = Array.from(params as Iterable<unknown>);
  if (items.length === 0) throw new TypeError(`${where}: got an empty parameter list`);
  if (items.every((p) => p instanceof Tensor)) return [{ params: items }];
  const tensorAt = items.findIndex((p) => p instanceof Tensor);
  if (tensorAt >= 0) throw new TypeError(`${where}: params mixes tensors (params[${tensorAt}]) and param groups; pass a list of tensors or a list of { params, ...options }`);
  return items.map((g, i) => {
    if (typeof g !== 'object' || g === null || !('params' in g))
      throw new TypeError(`${where}: params[${i}] is neither a tensor nor a param group ({ params, ...options })`);
    return g;
  });
}

/** The params of one group as an array, each checked to be a float leaf that requires grad. */
export function toParamList(where: string, raw: unknown): Tensor[] {
  if (raw instanceof Tensor) throw new TypeError(`${where}: params must be a list of tensors, got a single tensor; wrap it in [ ]`);
  if (raw === null || typeof raw !== 'object' || !(Symbol.iterator in raw)) throw new TypeError(`${where}: params must be a list of tensors, got ${String(raw)}`);
  const params = Array.from(raw as Iterable<unknown>);
  if (params.length === 0) throw new TypeError(`${where}: got an empty parameter list`);
  return params.map((p, i) => {
    if (!(p instanceof Tensor)) throw new TypeError(`${where}: params[${i}] is not a Tensor`);
    checkParam(`${where}: params[${i}]`, p);
    return p;
  });
}

function checkParam(what: string, p: Tensor): void {
  if (p.isDisposed) throw new TypeError(`${what} was disposed`);
  if (p.dtype !== 'float32' && p.dtype !== 'float64') throw new DTypeError(`${what} is ${p.describe()}; only float tensors can be optimized`);
  if (!p.requiresGrad) throw new TypeError(`${what} (${p.describe()}) does not require grad; call requiresGrad_() on it`);
  if (!p.isLeaf) throw new TypeError(`${what} (${p.describe()}) is not a leaf (it was computed by an op); optimize the tensor it came from, or detach() it`);
}

/** Defaults overridden by the options given (undefined means "use the default"); unknown keys throw. */
export function resolveOptions<O extends object>(where: string, defaults: O, options: object | undefined): O {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaults)) out[key] = copyOption(value);
  if (options === undefined) return out as O;
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object, got ${String(options)}`);
  checkKnownKeys(where, options, Object.keys(defaults));
  for (const [key, value] of Object.entries(options)) if (value !== undefined) out[key] = copyOption(value);
  return out as O;
}
