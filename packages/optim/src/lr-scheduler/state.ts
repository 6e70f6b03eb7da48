/** Scheduler state dicts: plain JSON, read back with checks that name the key and what was wrong. */
import { ShapeError } from '@pistil/nn';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A scheduler's progress (epoch, lrs, counters) as a JSON-able object; hyper-parameters come from the constructor. */
export type SchedulerStateDict = { [key: string]: JsonValue };

export function checkStateDict(where: string, sd: unknown): SchedulerStateDict {
  if (typeof sd !== 'object' || sd === null || Array.isArray(sd)) throw new TypeError(`${where}: expected an object as stateDict() returns, got ${String(sd)}`);
  return sd as SchedulerStateDict;
}

/** A finite number. */
export function readNumber(where: string, sd: SchedulerStateDict, key: string): number {
  const v = sd[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new TypeError(`${where}: '${key}' must be a finite number, got ${JSON.stringify(v)}`);
  return v;
}

export function readInteger(where: string, sd: SchedulerStateDict, key: string, min: number): number {
  const v = readNumber(where, sd, key);
  if (!Number.isInteger(v) || v < min) throw new TypeError(`${where}: '${key}' must be an integer ≥ ${min}, got ${v}`);
  return v;
}

/** One finite number per param group. */
export function readPerGroup(where: string, sd: SchedulerStateDict, key: string, groups: number): number[] {
  const v = sd[key];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'number' || !Number.isFinite(x)))
    throw new TypeError(`${where}: '${key}' must be a list of finite numbers, got ${JSON.stringify(v)}`);
  if (v.length !== groups) throw new ShapeError(`${where}: '${key}' has ${v.length} values, the optimizer has ${groups} param groups`);
  return v as number[];
}

/** A list of nested scheduler state dicts, one per scheduler. */
export function readList(where: string, sd: SchedulerStateDict, key: string, length: number): SchedulerStateDict[] {
  const v = sd[key];
  if (!Array.isArray(v)) throw new TypeError(`${where}: '${key}' must be a list, got ${JSON.stringify(v)}`);
  if (v.length !== length) throw new ShapeError(`${where}: '${key}' has ${v.length} entries, this scheduler has ${length}`);
  return v.map((x, i) => checkStateDict(`${where}: ${key}[${i}]`, x));
}
