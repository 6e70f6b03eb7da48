/**
 * Argument checks shared by optimizers and schedulers. Conventions: a value of the wrong kind is
 * a TypeError, a number outside its range a RangeError; both name where, which option and what
 * was given.
 */

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`;
  return String(value);
}

/** A finite number, or a TypeError naming the option. */
export function checkNumber(where: string, name: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new TypeError(`${where}: ${name} must be a finite number, got ${show(value)}`);
  return value;
}

/** A finite number ≥ 0 (learning rates, decays, epsilons). */
export function checkNonNegative(where: string, name: string, value: unknown): number {
  const v = checkNumber(where, name, value);
  if (v < 0) throw new RangeError(`${where}: invalid ${name} ${v} (must be ≥ 0)`);
  return v;
}

/** A finite number > 0. */
export function checkPositive(where: string, name: string, value: unknown): number {
  const v = checkNumber(where, name, value);
  if (v <= 0) throw new RangeError(`${where}: invalid ${name} ${v} (must be > 0)`);
  return v;
}

/** A number in [lo, hi) or [lo, hi] (averaging coefficients, factors). */
export function checkInRange(where: string, name: string, value: unknown, lo: number, hi: number, hiInclusive = false): number {
  const v = checkNumber(where, name, value);
  if (v < lo || v > hi || (!hiInclusive && v === hi)) throw new RangeError(`${where}: invalid ${name} ${v} (must be in [${lo}, ${hi}${hiInclusive ? ']' : ')'})`);
  return v;
}

/** An integer ≥ min. */
export function checkInteger(where: string, name: string, value: unknown, min: number): number {
  const v = checkNumber(where, name, value);
  if (!Number.isInteger(v) || v < min) throw new RangeError(`${where}: invalid ${name} ${v} (must be an integer ≥ ${min})`);
  return v;
}

export function checkBoolean(where: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean') throw new TypeError(`${where}: ${name} must be true or false, got ${show(value)}`);
  return value;
}

/** One of the allowed strings. */
export function checkChoice<T extends string>(where: string, name: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
    throw new TypeError(`${where}: ${name} must be ${allowed.map((a) => `'${a}'`).join(' or ')}, got ${show(value)}`);
  return value as T;
}

/** Rejects keys that are not options (typos such as `weight_decay` would otherwise be ignored). */
export function checkKnownKeys(where: string, options: object, known: readonly string[]): void {
  for (const key of Object.keys(options))
    if (!known.includes(key)) throw new TypeError(`${where}: unknown option '${key}' (known: ${known.join(', ')})`);
}

/** A number for every param group: one value broadcast, or a list with one entry per group. */
export function perGroup(where: string, name: string, value: number | readonly number[], groups: number, check: (where: string, name: string, v: unknown) => number): number[] {
  if (typeof value === 'number') return Array.from({ length: groups }, () => check(where, name, value));
  if (!Array.isArray(value)) throw new TypeError(`${where}: ${name} must be a number or a list of numbers, got ${show(value)}`);
  if (value.length !== groups) throw new TypeError(`${where}: ${name} has ${value.length} values, the optimizer has ${groups} param groups`);
  return value.map((v, i) => check(where, `${name}[${i}]`, v));
}
