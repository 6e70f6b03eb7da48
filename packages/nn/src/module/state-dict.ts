import { PistilError, fmtShape } from '@pistil/backend';
import { noGrad } from '../autograd/grad-mode.js';
import { cast } from '../ops/cast.js';
import { toDevice } from '../ops/to-device.js';
import { isFloat } from '../ops/util.js';
import { Tensor } from '../tensor.js';

export interface LoadStateDictOptions {
  /** Missing and unexpected keys are errors (default true); shape mismatches always are. */
  strict?: boolean;
}

export interface LoadStateDictResult {
  missingKeys: string[];
  unexpectedKeys: string[];
}

/** A state dict that does not fit a module: every problem is listed, each naming its key. */
export class StateDictError extends PistilError {
  override readonly name: string = 'StateDictError';
  constructor(message: string, readonly missingKeys: string[], readonly unexpectedKeys: string[], readonly mismatches: string[]) {
    super(message);
  }
}

function problemWith(key: string, target: Tensor, value: unknown): string | null {
  if (!(value instanceof Tensor)) return `${key}: expected a Tensor, got ${value === null ? 'null' : typeof value}`;
  if (value.isDisposed) return `${key}: the tensor was disposed`;
  if (fmtShape(value.shape) !== fmtShape(target.shape)) return `size mismatch for ${key}: checkpoint ${fmtShape(value.shape)}, model ${fmtShape(target.shape)}`;
  if (value.dtype !== target.dtype && !(isFloat(value) && isFloat(target))) return `dtype mismatch for ${key}: checkpoint ${value.dtype}, model ${target.dtype}`;
  return null;
}

/** `Module.loadStateDict`: checks everything first, then assigns (cast/moved as needed). */
export function loadStateDictInto(modelName: string, own: Record<string, Tensor>, dict: Record<string, Tensor>, options: LoadStateDictOptions): LoadStateDictResult {
  if (dict === null || typeof dict !== 'object') throw new TypeError(`loadStateDict: expected an object of tensors, got ${String(dict)}`);
  const strict = options.strict ?? true;
  const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);
  const missingKeys = Object.keys(own).filter((k) => !has(dict, k));
  const unexpectedKeys = Object.keys(dict).filter((k) => !has(own, k));
  const common = Object.keys(own).filter((k) => has(dict, k));
  const mismatches = common.map((k) => problemWith(k, own[k]!, dict[k])).filter((p): p is string => p !== null);
  if (mismatches.length > 0 || (strict && (missingKeys.length > 0 || unexpectedKeys.length > 0))) {
    const lines = [
      ...(missingKeys.length > 0 ? [`missing keys: ${missingKeys.join(', ')}`] : []),
      ...(unexpectedKeys.length > 0 ? [`unexpected keys: ${unexpectedKeys.join(', ')}`] : []),
      ...mismatches,
    ];
    throw new StateDictError(`loadStateDict: error(s) loading into ${modelName}:\n  ${lines.join('\n  ')}`, missingKeys, unexpectedKeys, mismatches);
  }
  noGrad(() => {
    for (const key of common) {
      const target = own[key]!;
      const value = dict[key]!;
      const typed = value.dtype === target.dtype ? value : cast(value, target.dtype);
      const placed = typed.device === target.device ? typed : toDevice(typed, target.device);
      target.assign(placed);
      if (typed !== value) typed.dispose();
      if (placed !== typed) placed.dispose();
    }
  });
  return { missingKeys, unexpectedKeys };
}
