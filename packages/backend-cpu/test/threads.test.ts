import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Heap } from '../src/heap.js';
import { createWorkerPool, splitRange, type WorkerPool, type WorkerPoolOptions } from '../src/threads/index.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The test kernels, compiled for a shared and for an unshared imported memory. */
const KERNELS = `
export function add_rows(a: usize, b: usize, c: usize, rowStart: i32, rowEnd: i32, cols: i32): void {
  for (let r = rowStart; r < rowEnd; r++) {
    const row = <usize>r * <usize>cols * 4;
    for (let j = 0; j < cols; j++) {
      const at = row + (<usize>j << 2);
      store<f32>(c + at, load<f32>(a + at) + load<f32>(b + at));
    }
  }
}
export function trap_if(x: i32): void { if (x) unreachable(); }
export function call_abort(line: i32): void { abort(null, null, line, 7); }
export function noop(): void {}
/** Grows the memory and writes value at the first new byte; returns the old size in pages. Does nothing for 0 pages. */
export function grow_and_store(pages: i32, value: i32): i32 {
  if (pages == 0) return memory.size();
  const old = memory.grow(pages);
  if (old < 0) unreachable();
  store<i32>(<usize>old << 16, value);
  return old;
}
/** Writes 1 to out if all parties reached the counter within maxSpins: proof that they ran at the same time. */
export function rendezvous(counter: usize, parties: i32, out: usize, maxSpins: i32): void {
  atomic.add<i32>(counter, 1);
  for (let spins = 0; atomic.load<i32>(counter) < parties && spins < maxSpins; spins++) {}
  store<i32>(out, atomic.load<i32>(counter) >= parties ? 1 : 0);
}
/** CPU-bound busy work, for timing. */
export function burn(out: usize, iters: i32): void {
  let x: f64 = 1;
  for (let i = 0; i < iters; i++) x = x * 0.9999999 + 1.0 / <f64>(i + 1);
  store<f64>(out, x);
}
`;

let dir: string;
let sharedModule: WebAssembly.Module;
let unsharedModule: WebAssembly.Module;
/** The worker compiled to JavaScript: vitest runs the pool from TypeScript, but a worker thread needs a .js file. */
let workerUrl: URL;

function compile(flags: string[], out: string): WebAssembly.Module {
  const asc = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'asc.cmd' : 'asc');
  const file = join(dir, out);
  execFileSync(asc, [join(dir, 'kernels.ts'), '-O3', '--runtime', 'stub', '--noAssert', '--importMemory', '--noExportMemory', '--enable', 'threads', ...flags, '-o', file]);
  return new WebAssembly.Module(readFileSync(file));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pistil-threads-'));
  writeFileSync(join(dir, 'kernels.ts'), KERNELS);
  sharedModule = compile(['--sharedMemory', '--maximumMemory', '65536'], 'kernels-shared.wasm');
  unsharedModule = compile([], 'kernels.wasm');
  // src/threads transpiled file by file, laid out like dist/threads.
  const out = join(dir, 'threads');
  mkdirSync(out);
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  const srcDir = join(root, 'src', 'threads');
  for (const name of readdirSync(srcDir).filter((f) => f.endsWith('.ts'))) {
    const { outputText } = ts.transpileModule(readFileSync(join(srcDir, name), 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    });
    writeFileSync(join(out, name.replace(/\.ts$/, '.js')), outputText);
  }
  workerUrl = pathToFileURL(join(out, 'worker.js'));
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pools: WorkerPool[] = [];
afterAll(() => pools.forEach((p) => p.destroy()));

function pool(options: Partial<WorkerPoolOptions> & { memory: WebAssembly.Memory }): WorkerPool {
  const p = createWorkerPool({ wasmModule: sharedModule, workerUrl, ...options });
  pools.push(p);
  return p;
}

/** Two rows × cols matrices of random values and an output, in the heap. */
function matrices(heap: Heap, rows: number, cols: number) {
  const bytes = rows * cols * 4;
  const [a, b, c] = [heap.alloc(bytes), heap.alloc(bytes), heap.alloc(bytes)];
  const f32 = (ptr: number) => new Float32Array(heap.buffer, ptr, rows * cols);
  for (let i = 0, va = f32(a), vb = f32(b); i < va.length; i++) {
    va[i] = Math.random();
    vb[i] = Math.random() * 100;
  }
  f32(c).fill(Number.NaN);
  const expected = f32(a).map((x, i) => x + f32(b)[i]!);
  return { a, b, c, out: () => f32(c), expected };
}

function addRows(p: WorkerPool, m: ReturnType<typeof matrices>, rows: number, cols: number, parts = p.threads, align = 4): void {
  p.run('add_rows', splitRange(rows, parts, align).map(([r0, r1]) => [m.a, m.b, m.c, r0, r1, cols]));
}

describe('worker pool', () => {
  it('runs on the calling thread before ready, then on all cores', async () => {
    const heap = new Heap();
    const p = pool({ memory: heap.memory });
    expect(p.parallel).toBe(true);
    expect(p.threads).toBe(1);
    const m = matrices(heap, 301, 257);
    addRows(p, m, 301, 257, 4);
    expectSame(m.out(), m.expected);
    await p.ready;
    expect(p.threads).toBe(availableParallelism());
  });

  it('matches the single-thread result on large arrays, whatever the split', async () => {
    const heap = new Heap();
    const p = pool({ memory: heap.memory, threads: 2 });
    await p.ready;
    const [rows, cols] = [1001, 1003];
    const m = matrices(heap, rows, cols);
    for (const parts of [2, 3, 7, 300, 1001]) {
      m.out().fill(Number.NaN);
      addRows(p, m, rows, cols, parts, parts > 300 ? 1 : 4);
      expectSame(m.out(), m.expected);
    }
  });

  it('really runs chunks at the same time on several threads', async () => {
    const heap = new Heap();
    const p = pool({ memory: heap.memory, threads: 2 });
    await p.ready;
    expect(p.threads).toBe(2);
    const [counter, flags] = [heap.alloc(4), heap.alloc(8)];
    new Int32Array(heap.buffer, counter, 1)[0] = 0;
    p.run('rendezvous', [
      [counter, 2, flags, 1e9],
      [counter, 2, flags + 4, 1e9],
    ]);
    expect([...new Int32Array(heap.buffer, flags, 2)]).toEqual([1, 1]);
  });

  it('turns a trap in a worker or on the calling thread into an Error naming the export', async () => {
    const heap = new Heap();
    const p = pool({ memory: heap.memory, threads: 2 });
    await p.ready;
    expect(() => p.run('trap_if', [[0], [1]])).toThrow(/trap_if\(1\) failed in a worker \(chunk 1\): RuntimeError: unreachable/);
    expect(() => p.run('trap_if', [[1], [0]])).toThrow(/trap_if\(1\) failed \(chunk 0\): RuntimeError: unreachable/);
    expect(() => p.run('trap_if', [[0], [0], [0], [1]])).toThrow(/chunk 3/);
    expect(() => p.run('call_abort', [[1], [2]])).toThrow(/call_abort\(1\) failed \(chunk 0\): Error: abort: no message at \?:1:7/);
    // Still usable afterwards.
    p.run('trap_if', [[0], [0]]);
    const m = matrices(heap, 64, 64);
    addRows(p, m, 64, 64);
    expectSame(m.out(), m.expected);
  });

  it('rejects unknown exports and too many arguments', () => {
    const p = pool({ memory: new Heap().memory, threads: 1 });
    expect(() => p.run('nope', [[]])).toThrow(/no function 'nope'/);
    expect(() => p.run('noop', [new Array(17).fill(0)])).toThrow(RangeError);
    p.run('noop', []);
  });

  it('sees growth of the memory from the calling thread and from a worker', async () => {
    const heap = new Heap({ initialPages: 16 });
    const p = pool({ memory: heap.memory, threads: 2 });
    await p.ready;
    // The heap grows the memory (JS memory.grow); workers then work on blocks past the old end.
    const before = heap.buffer.byteLength;
    const m = matrices(heap, 1024, 1024);
    expect(heap.buffer.byteLength).toBeGreaterThan(before);
    expect(m.c + 1024 * 1024 * 4).toBeGreaterThan(before);
    addRows(p, m, 1024, 1024);
    expectSame(m.out(), m.expected);
    // A worker (chunk 1) grows it in wasm; the calling thread sees the new pages and the value written there.
    const pages = heap.buffer.byteLength / 65536;
    p.run('grow_and_store', [
      [0, 0],
      [2, 12345],
    ]);
    expect(heap.memory.buffer.byteLength).toBe((pages + 2) * 65536);
    expect(new Int32Array(heap.memory.buffer, pages * 65536, 1)[0]).toBe(12345);
  });

  it('falls back to the calling thread with threads: 1 or an unshared memory', async () => {
    for (const [memory, wasmModule, threads] of [
      [new Heap().memory, sharedModule, 1],
      [new Heap({ shared: false }).memory, unsharedModule, 4],
    ] as const) {
      const p = pool({ memory, wasmModule, threads });
      expect(p.parallel).toBe(false);
      await p.ready;
      expect(p.threads).toBe(1);
      const m = matricesAt(memory, 1024, 64, 64);
      addRows(p, m, 64, 64);
      expectSame(m.out(), m.expected);
    }
  });

  it('destroy stops the workers; run still works, on the calling thread', async () => {
    const heap = new Heap();
    const p = pool({ memory: heap.memory, threads: 2 });
    await p.ready;
    p.destroy();
    expect(p.parallel).toBe(false);
    expect(p.threads).toBe(1);
    const m = matrices(heap, 50, 50);
    addRows(p, m, 50, 50, 2);
    expectSame(m.out(), m.expected);
    p.destroy();
  });

  it('destroy during startup settles ready', async () => {
    const p = pool({ memory: new Heap().memory, threads: 2 });
    p.destroy();
    await expect(p.ready).resolves.toBeUndefined();
    expect(p.threads).toBe(1);
  });

  it('rejects ready when a worker cannot start, and stays single-threaded', async () => {
    const p = pool({ memory: new Heap().memory, threads: 2, workerUrl: pathToFileURL(join(dir, 'threads', 'missing.js')) });
    await expect(p.ready).rejects.toThrow(/workers failed to start/);
    expect(p.parallel).toBe(false);
    p.run('trap_if', [[0], [0]]);
  });

  it('from a built layout: finds ./worker.js itself, defaults to all cores, and lets the process exit', () => {
    const script = join(dir, 'exit.mjs');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
       import { createWorkerPool } from './threads/index.js';
       const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
       const pool = createWorkerPool({ memory, wasmModule: new WebAssembly.Module(readFileSync(new URL('./kernels-shared.wasm', import.meta.url))) });
       await pool.ready;
       pool.run('rendezvous', Array.from({ length: pool.threads }, (_, i) => [64, pool.threads, 128 + 4 * i, 1e9]));
       console.log(JSON.stringify({ threads: pool.threads, met: [...new Int32Array(memory.buffer, 128, pool.threads)] }));
       // no destroy: the unref'd workers must not keep the process alive`,
    );
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const n = availableParallelism();
    expect(JSON.parse(child.stdout)).toEqual({ threads: n, met: new Array(n).fill(1) });
  });

  it('lets the process exit while workers are still starting', () => {
    const script = join(dir, 'early-exit.mjs');
    writeFileSync(
      script,
      `import { readFileSync } from 'node:fs';
       import { createWorkerPool } from './threads/index.js';
       const memory = new WebAssembly.Memory({ initial: 1, maximum: 65536, shared: true });
       const pool = createWorkerPool({ memory, wasmModule: new WebAssembly.Module(readFileSync(new URL('./kernels-shared.wasm', import.meta.url))), threads: 4 });
       pool.run('noop', [[], [], []]);
       console.log(pool.threads);`,
    );
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 30_000 });
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    expect(child.stdout.trim()).toBe('1');
  });

  it('measures the speedup of a CPU-bound export over 2 threads (reported, not asserted)', async () => {
    const heap = new Heap();
    const p = pool({ memory: heap.memory, threads: 2 });
    await p.ready;
    const out = heap.alloc(16);
    const iters = 50_000_000;
    // Process CPU time (all threads) next to wall time: on a loaded machine the wall times say little alone.
    const time = (chunks: number[][]) => {
      const [t0, cpu0] = [performance.now(), process.cpuUsage()];
      p.run('burn', chunks);
      const { user, system } = process.cpuUsage(cpu0);
      return { wall: performance.now() - t0, cpu: (user + system) / 1000 };
    };
    const best = (chunks: number[][]) => [0, 1, 2].map(() => time(chunks)).reduce((a, b) => (b.wall < a.wall ? b : a));
    const one = best([[out, iters]]);
    const two = best([
      [out, iters / 2],
      [out + 8, iters / 2],
    ]);
    const calls = 2000;
    const t0 = performance.now();
    for (let i = 0; i < calls; i++) p.run('noop', [[], []]);
    const overhead = ((performance.now() - t0) / calls) * 1000;
    const ms = (t: { wall: number; cpu: number }) => `${t.wall.toFixed(1)} ms (cpu ${t.cpu.toFixed(0)} ms)`;
    console.log(`burn(${iters}): 1 thread ${ms(one)}, 2 threads ${ms(two)}, speedup ${(one.wall / two.wall).toFixed(2)}×; empty 2-chunk run ${overhead.toFixed(1)} µs`);
    expect(one.wall).toBeGreaterThan(0);
  });
});

/** toEqual on a million floats takes seconds; this counts differences (NaN counts as one). */
function expectSame(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let differ = 0;
  for (let i = 0; i < actual.length; i++) if (!(actual[i] === expected[i])) differ++;
  expect(differ).toBe(0);
}

/** Like `matrices`, in a bare memory at a fixed address. */
function matricesAt(memory: WebAssembly.Memory, base: number, rows: number, cols: number) {
  const n = rows * cols;
  const [a, b, c] = [base, base + n * 4, base + n * 8];
  const f32 = (ptr: number) => new Float32Array(memory.buffer, ptr, n);
  f32(a).forEach((_, i, v) => (v[i] = i));
  f32(b).forEach((_, i, v) => (v[i] = 2 * i + 0.5));
  const expected = f32(a).map((x, i) => x + f32(b)[i]!);
  return { a, b, c, out: () => f32(c), expected };
}
