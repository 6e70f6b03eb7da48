/** Argument parsing and dispatch of `pistil-onnx`; `main` returns the exit code (2 for usage errors). */
import { PistilError, noGrad } from '@pistil/nn';
import { loadOnnx } from '@pistil/onnx/node';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import { onnxToSafetensors, safetensorsToOnnx } from './convert.js';
import { formatReport, inspectModel } from './inspect.js';
import { loadInput, parseLabels, topK } from './run.js';
import type { ImageOptions } from './run.js';

export const USAGE = `pistil-onnx — inspect, run and convert ONNX models

  pistil-onnx inspect MODEL.onnx [--json]
      inputs, outputs, ops (and which the importer lacks), parameter count
  pistil-onnx run MODEL.onnx INPUT [--labels FILE] [--top K] [--json]
                  [--range 0-1|0-255] [--mean A,B,C] [--std A,B,C] [--bgr] [--resize N]
      INPUT is an image (resized to the model's input) or a tensor (.pb TensorProto, .json {shape, data})
  pistil-onnx convert MODEL.onnx OUT.safetensors      weights + OUT.json (the graph)
  pistil-onnx convert IN.safetensors MODEL.onnx       back again (reads IN.json)`;

class UsageError extends Error {}

function numbers(flag: string, value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const out = value.split(',').map(Number);
  if (out.some((v) => !Number.isFinite(v))) throw new UsageError(`--${flag} expects comma-separated numbers, got '${value}'`);
  return out;
}

function positionals(args: readonly string[], count: number, command: string): string[] {
  if (args.length !== count) throw new UsageError(`'${command}' takes ${count} path${count > 1 ? 's' : ''}, got ${args.length}`);
  return [...args];
}

async function inspectCommand(args: string[], print: (s: string) => void): Promise<void> {
  const { values, positionals: paths } = parseArgs({ args, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const [path] = positionals(paths, 1, 'inspect');
  const report = inspectModel(await readFile(path!));
  print(values.json ? JSON.stringify(report, null, 2) : formatReport(path!, report));
}

async function runCommand(args: string[], print: (s: string) => void): Promise<void> {
  const { values, positionals: paths } = parseArgs({
    args,
    allowPositionals: true,
    options: { labels: { type: 'string' }, top: { type: 'string' }, json: { type: 'boolean' }, range: { type: 'string' }, mean: { type: 'string' }, std: { type: 'string' }, bgr: { type: 'boolean' }, resize: { type: 'string' } },
  });
  const [modelPath, inputPath] = positionals(paths, 2, 'run');
  const top = Number(values.top ?? 5);
  if (!Number.isInteger(top) || top < 1) throw new UsageError(`--top expects a positive integer, got '${values.top}'`);
  if (values.range !== undefined && values.range !== '0-1' && values.range !== '0-255') throw new UsageError(`--range is 0-1 or 0-255, got '${values.range}'`);
  const resize = values.resize === undefined ? undefined : Number(values.resize);
  if (resize !== undefined && !(Number.isInteger(resize) && resize > 0)) throw new UsageError(`--resize expects a positive integer, got '${values.resize}'`);
  const image: ImageOptions = { range: values.range as ImageOptions['range'], mean: numbers('mean', values.mean), std: numbers('std', values.std), bgr: values.bgr, resize };
  const labels = values.labels ? parseLabels(await readFile(values.labels, 'utf8')) : [];
  const model = loadOnnx(modelPath!).eval();
  const x = await loadInput(inputPath!, model, image);
  try {
    const started = performance.now();
    const y = noGrad(() => model.forward(x));
    const ms = performance.now() - started;
    const best = topK(y, top, labels);
    const outputShape = y.shape;
    y.dispose();
    if (values.json) print(JSON.stringify({ model: modelPath, input: inputPath, outputShape, ms, top: best }, null, 2));
    else {
      const lines = [`${inputPath} → ${modelPath} (${ms.toFixed(1)} ms)`];
      best.forEach((sample, n) => {
        if (best.length > 1) lines.push(`sample ${n}:`);
        sample.forEach((p, i) => lines.push(`${String(i + 1).padStart(2)}. ${p.label} (${p.index}): ${(p.score * 100).toFixed(2)}%`));
      });
      print(lines.join('\n'));
    }
  } finally {
    x.dispose();
    model.dispose();
  }
}

async function convertCommand(args: string[], print: (s: string) => void): Promise<void> {
  const { positionals: paths } = parseArgs({ args, options: {}, allowPositionals: true });
  const [from, to] = positionals(paths, 2, 'convert');
  const kind = (p: string): string => extname(p).toLowerCase();
  if (kind(from!) === '.onnx' && ['.safetensors', '.json', ''].includes(kind(to!))) {
    const base = to!.replace(/\.(safetensors|json)$/, '');
    const { tensors, parameters } = await onnxToSafetensors(from!, base);
    print(`wrote ${base}.safetensors (${tensors} tensors, ${parameters.toLocaleString('en-US')} values) and ${base}.json (the graph)`);
  } else if (['.safetensors', '.json'].includes(kind(from!)) && kind(to!) === '.onnx') {
    await safetensorsToOnnx(from!.replace(/\.(safetensors|json)$/, ''), to!);
    print(`wrote ${to}`);
  } else throw new UsageError(`convert goes from .onnx to .safetensors or from .safetensors to .onnx; got '${from}' → '${to}'`);
}

const COMMANDS: Record<string, (args: string[], print: (s: string) => void) => Promise<void>> = { inspect: inspectCommand, run: runCommand, convert: convertCommand };

export async function main(argv: readonly string[], print: (s: string) => void = console.log, printError: (s: string) => void = console.error): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') {
    print(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`unknown command '${command}'`);
    await run(rest, print);
    return 0;
  } catch (err) {
    // parseArgs throws TypeErrors with a code for unknown or malformed options.
    const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
    if (usage) {
      printError(`pistil-onnx: ${(err as Error).message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof PistilError || (err as { code?: string }).code === 'ENOENT') {
      printError(`pistil-onnx: ${(err as Error).name}: ${(err as Error).message}`);
      return 1;
    }
    throw err;
  }
}
