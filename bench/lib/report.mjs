// What the runners share (bench/run.mjs for the CPU cases, bench/browser/run.mjs for the WebGL
// ones), all on the Node side: the --only filter, the correctness comparison, the machine
// description and the result of a case in its unit.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { versionOf } from './libs.mjs';

const benchDir = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** ✓ when max |a − b| / max |ref| ≤ TOLERANCE for every compared array. */
export const TOLERANCE = 1e-3;

/** Whether a case id matches any --only pattern (a substring, or a /regex/); no pattern: all. */
export function matches(id, patterns) {
  if (patterns.length === 0) return true;
  return patterns.some((p) => (p.length > 2 && p.startsWith('/') && p.endsWith('/') ? new RegExp(p.slice(1, -1)).test(id) : id.includes(p)));
}

/** Per key: max |a − b| / max |b| (b: the reference); the case passes when every key is within tolerance. */
export function compare(check, ref) {
  if (!check || !ref) return { status: '?', maxErr: null };
  let worst = 0;
  let worstKey = '';
  for (const [key, b] of Object.entries(ref)) {
    const a = check[key];
    if (!a || a.length !== b.length) return { status: '✗', maxErr: null, worstKey: `${key} (missing or wrong length)` };
    let diff = 0;
    let scale = 0;
    for (let i = 0; i < b.length; i++) {
      diff = Math.max(diff, Math.abs(a[i] - b[i]));
      scale = Math.max(scale, Math.abs(b[i]));
    }
    const err = Number.isFinite(diff) ? diff / (scale || 1) : Infinity;
    if (!(err <= worst)) [worst, worstKey] = [err, key];
  }
  return { status: worst <= TOLERANCE ? '✓' : '✗', maxErr: worst, worstKey };
}

/** CPU model, cores, memory, load, OS, Node, commit, and the versions of `packages` (plus `extraVersions`). */
export function machine(packages, extraVersions = {}) {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /model name\s*:\s*(.*)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch { /* not Linux */ }
  let commit = 'unknown';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (execFileSync('git', ['status', '--porcelain'], { cwd: benchDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()) commit += ' (uncommitted changes)';
  } catch { /* not a checkout */ }
  const versions = { ...Object.fromEntries(packages.map((n) => [n, versionOf(n)])), ...extraVersions };
  return { cpu, cores: os.availableParallelism?.() ?? os.cpus().length, loadAverage: os.loadavg().map((l) => Number(l.toFixed(2))), memoryGiB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()} ${os.arch()}`, node: process.version, commit, versions };
}

/** images/s or GFLOP/s from the time per iteration at the batch the case timed. */
export function valueOf(w, msg) {
  if (!msg.timing) return undefined;
  const perSecond = (w.work(msg.batch) * 1000) / msg.timing.msPerIter;
  return w.unit === 'GFLOP/s' ? perSecond / 1e9 : perSecond;
}

/**
 * The options both runners take: --quick, --list, --only <pattern>[,…], --seconds S, --timeout S,
 * --help (prints `usage`). `extra(arg, next, opts)` takes a runner's own options: it returns true
 * when it consumed `arg` (`next()` reads the option's value).
 */
export function parseBenchArgs(argv, { usage, defaults = {}, extra = () => false }) {
  const opts = { quick: false, only: [], list: false, seconds: undefined, timeout: 300, ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--list') opts.list = true;
    else if (a === '--only') opts.only.push(...String(next() ?? '').split(',').filter(Boolean));
    else if (a.startsWith('--only=')) opts.only.push(...a.slice(7).split(',').filter(Boolean));
    else if (a === '--seconds') opts.seconds = Number(next());
    else if (a === '--timeout') opts.timeout = Number(next());
    else if (a === '--help' || a === '-h') {
      console.log(usage);
      process.exit(0);
    } else if (!extra(a, next, opts) && a !== '--') throw new Error(`unknown argument ${a} (try --help)`);
  }
  opts.seconds ??= opts.quick ? 0.2 : 1.5;
  return opts;
}

