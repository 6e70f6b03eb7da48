#!/usr/bin/env node
// pnpm bench / node bench/run.mjs [--quick] [--only <pattern>[,<pattern>…]] [--list] [--seconds S]
// (node bench/run.mjs --browser …: the WebGL cases instead, see browser/run.mjs)
//
// Runs every (workload, library, threads) case in its own child process (worker.mjs), one at a
// time, checks each library's first-step result against tfjs-cpu's, prints a table and the
// ratios, and writes results/<date>.json and results/latest.json (results/partial.json for a
// --quick or --only run).
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TOLERANCE, compare, machine, matches, parseBenchArgs, valueOf } from './lib/report.mjs';
import { num, ratio, table } from './lib/table.mjs';
import { WORKLOADS } from './workloads/index.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const REFERENCE = 'tfjs-cpu';
const LIB_NAMES = { pistil: 'Pistil', 'tfjs-cpu': 'tfjs-cpu', 'tfjs-wasm': 'tfjs-wasm', ort: 'ORT' };

function parseArgs(argv) {
  return parseBenchArgs(argv, {
    usage: 'usage: node bench/run.mjs [--quick] [--only <pattern>[,…]] [--list] [--seconds S] [--timeout S]\n' +
      'patterns match case ids such as lenet-train/pistil@1t (substring, or a /regex/)\n' +
      'node bench/run.mjs --browser [options]: the WebGL cases in Chromium instead (bench/browser/run.mjs --help)',
  });
}

/**
 * Thread counts per library: 1 everywhere, and 2 for ORT and for Pistil (PISTIL_THREADS, when
 * set above 1, instead); a Pistil build without threads answers 'skipped' and its row is left out.
 */
function threadCounts(lib) {
  const pistilThreads = Number(process.env.PISTIL_THREADS) > 1 ? Number(process.env.PISTIL_THREADS) : 2;
  if (lib === 'ort') return [1, 2];
  if (lib === 'pistil') return [1, pistilThreads];
  return [1];
}

function allCases() {
  return WORKLOADS.flatMap((w) => w.libs.flatMap((lib) => threadCounts(lib).map((threads) => ({ workload: w, lib, threads, id: `${w.id}/${lib}@${threads}t` }))));
}

/** Runs worker.mjs for one case; resolves with its message (or an error message). */
function runWorker(args, timeoutS) {
  return new Promise((resolve) => {
    const child = fork(path.join(here, 'worker.mjs'), [JSON.stringify(args)], { execArgv: [], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let message;
    const timer = setTimeout(() => {
      message = { ok: false, error: `timed out after ${timeoutS} s` };
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('message', (m) => (message ??= m));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(message ?? { ok: false, error: `worker exited with ${signal ?? `code ${code}`} and no result` });
    });
  });
}

function libLabel(r) {
  return r.lib === 'ort' || r.lib === 'pistil' ? `${LIB_NAMES[r.lib]} ${r.threads}t` : LIB_NAMES[r.lib];
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cases = allCases().filter((c) => matches(c.id, opts.only));
  if (opts.list) {
    for (const c of allCases()) console.log(c.id);
    return;
  }
  if (cases.length === 0) throw new Error(`no case matches --only ${opts.only.join(',')} (see --list)`);
  const m = machine(['@pistil/nn', '@pistil/backend-cpu', '@tensorflow/tfjs-core', '@tensorflow/tfjs-backend-cpu', '@tensorflow/tfjs-backend-wasm', 'onnxruntime-node']);
  console.log(`Pistil bench — ${m.cpu}, ${m.cores} cores, Node ${m.node}, ${m.os}`);
  console.log(`${cases.length} case(s), ≥ ${opts.seconds} s timed each, one process per case${opts.quick ? ' (quick)' : ''}`);
  if (m.loadAverage[0] > 0.5) console.log(`warning: load average ${m.loadAverage.join(' ')} — something else is using the CPU; timings will be low`);
  console.log('');

  const results = [];
  const refs = new Map(); // workload id → tfjs-cpu's check
  const started = Date.now();
  for (const c of cases) {
    const t0 = Date.now();
    const msg = await runWorker({ workload: c.workload.id, lib: c.lib, threads: c.threads, seconds: opts.seconds }, opts.timeout);
    const value = valueOf(c.workload, msg);
    const r = { id: c.id, workload: c.workload.id, title: c.workload.title, unit: c.workload.unit, lib: c.lib, threads: msg.threads ?? c.threads, batch: msg.batch, value, timing: msg.timing, version: msg.version, notes: msg.notes ?? [], skipped: msg.skipped, error: msg.ok === false ? msg.error : undefined, check: msg.check, wallS: (Date.now() - t0) / 1000 };
    if (c.lib === REFERENCE && c.threads === 1) refs.set(c.workload.id, msg.check);
    results.push(r);
    const status = r.error ? `FAILED: ${r.error.split('\n')[0]}` : r.skipped ? `skipped: ${r.skipped}` : `${num(value)} ${c.workload.unit}  (${num(msg.timing.msPerIter)} ms/iter × ${msg.timing.iters})`;
    console.log(`  ${c.id.padEnd(32)} ${status}  [${r.wallS.toFixed(1)} s]`);
    if (r.error && process.env.BENCH_VERBOSE) console.log(r.error);
  }
  // A workload whose tfjs-cpu case was filtered out still needs the reference: compute it only.
  for (const id of new Set(cases.map((c) => c.workload.id))) {
    if (refs.has(id)) continue;
    const t0 = Date.now();
    const msg = await runWorker({ workload: id, lib: REFERENCE, threads: 1, checkOnly: true }, opts.timeout);
    console.log(`  ${`${id}/${REFERENCE} (reference only)`.padEnd(32)} ${msg.ok ? 'done' : `FAILED: ${msg.error?.split('\n')[0]}`}  [${((Date.now() - t0) / 1000).toFixed(1)} s]`);
    refs.set(id, msg.check);
  }
  for (const r of results) {
    r.correctness = r.error || r.skipped ? { status: '—', maxErr: null } : r.lib === REFERENCE ? { status: 'ref', maxErr: null } : compare(r.check, refs.get(r.workload));
    delete r.check;
  }
  const shown = results.filter((r) => !r.skipped);

  console.log(`\nMachine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.os}, Node ${m.node}, commit ${m.commit}, load average at start ${m.loadAverage.join(' ')}`);
  console.log(`Versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
  console.log(table(
    ['workload', 'library', 'threads', 'batch', 'result', 'unit', 'ms/iter', 'iters', 'check', 'max rel err'],
    shown.map((r) => [r.workload, LIB_NAMES[r.lib], r.threads, r.batch ?? '', r.error ? 'failed' : num(r.value), r.unit, num(r.timing?.msPerIter), r.timing?.iters ?? '', r.correctness.status, r.correctness.maxErr == null ? '' : r.correctness.maxErr.toExponential(1)]),
    'lllrrlrrlr',
  ));

  // Ratios: one row per workload, Pistil ÷ each peer (> 1: Pistil is faster).
  const columns = [...new Set(shown.map(libLabel))];
  const peers = columns.filter((c) => !c.startsWith('Pistil'));
  // Each peer against Pistil on as many threads (ORT 2t ÷ Pistil 2t…), else against Pistil 1t.
  const pistilFor = (peer) => {
    const t = /(\d+)t$/.exec(peer)?.[1];
    return t && columns.includes(`Pistil ${t}t`) ? `Pistil ${t}t` : 'Pistil 1t';
  };
  const byWorkload = WORKLOADS.filter((w) => shown.some((r) => r.workload === w.id)).map((w) => {
    const cells = Object.fromEntries(shown.filter((r) => r.workload === w.id).map((r) => [libLabel(r), r]));
    const otherBatch = (r) => w.batch !== undefined && r.batch !== undefined && r.batch !== w.batch;
    const show = (r) => (r ? (r.error ? 'failed' : `${num(r.value)}${otherBatch(r) ? ` (b${r.batch})` : ''}${r.correctness.status === '✗' ? ' ✗' : ''}`) : '—');
    return [w.id, w.unit, ...columns.map((c) => show(cells[c])), ...peers.map((p) => ratio(cells[pistilFor(p)]?.value, cells[p]?.value))];
  });
  console.log(`\n${table(['workload', 'unit', ...columns, ...peers.map((p) => `${pistilFor(p)} ÷ ${p}`)], byWorkload, `ll${'r'.repeat(columns.length + peers.length)}`)}`);
  const notes = [
    '(bN): timed at batch N instead of the workload\'s (tfjs-cpu\'s Conv2DBackpropFilter runs at ~0.02 GFLOP/s: a step at the full batch takes minutes); a ✗ after a value: its check failed.',
    `check: vs ${REFERENCE} from the same weights and inputs — inference and SGEMM: the output; conv: loss, dW, db and a sample of dx; training: the first two losses, the first step's gradients and the weights' change after two steps (at a smaller batch where the workload says so); ✓ when max |a − b| / max |ref| ≤ ${TOLERANCE} for every compared array.`,
    'tfjs-wasm trains only with a patched-in Conv2DBackpropFilter kernel (tfjs-backend-wasm 4.22 has none; bench/lib/wasm-filter-grad.mjs computes it as one XNNPACK conv2d of the transposed input by the transposed dy), and runs single-threaded: tfjs reports no multi-thread support under Node (WASM_HAS_MULTITHREAD_SUPPORT false).',
    'ORT runs inference only (LeNet exported from Pistil with exportOnnx; SGEMM as a one-node MatMul model, also written by exportOnnx). tfjs-core gets its gradients from dist/register_all_gradients, as @tensorflow/tfjs does.',
    results.some((r) => r.lib === 'pistil' && r.skipped) ? 'Pistil: no multi-thread row — this build of the CPU backend has no threads.' : 'Pistil nt: the CPU backend splits large float32 GEMMs (matmul, convolutions) over n threads (PISTIL_THREADS; 2 unless set).',
  ].filter(Boolean);
  for (const n of notes) console.log(`- ${n}`);
  console.log(`\ntotal ${((Date.now() - started) / 1000).toFixed(0)} s`);

  const partial = opts.quick || opts.only.length > 0;
  const dir = path.join(here, 'results');
  mkdirSync(dir, { recursive: true });
  const date = new Date().toISOString();
  const json = `${JSON.stringify({ date, machine: m, options: opts, tolerance: TOLERANCE, reference: REFERENCE, notes, results }, null, 2)}\n`;
  const files = partial ? ['partial.json'] : [`${date.slice(0, 10)}.json`, 'latest.json'];
  for (const f of files) writeFileSync(path.join(dir, f), json);
  console.log(`wrote ${files.map((f) => path.join('bench/results', f)).join(', ')}`);
  if (shown.some((r) => r.error || r.correctness.status === '✗')) process.exitCode = 1;
}

if (process.argv.slice(2).includes('--browser')) {
  // The WebGL cases in headless Chromium; bench/browser/run.mjs reads the other options itself.
  await import('./browser/run.mjs');
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
