import type { DType } from '@pistil/backend';
import { ShapeError, fmtShape } from '@pistil/backend';
import { noGrad } from '../autograd/grad-mode.js';
import { getDefaultDevice, tidy } from '../engine.js';
import type { Device } from '../engine.js';
import { zeros } from '../creation.js';
import type { Tensor } from '../tensor.js';
import type { Module } from './module.js';

export interface SummaryOptions {
  /** dtype of the dummy input: default the first parameter's float dtype, else float32 (pass 'int32' for a model that starts with an Embedding). */
  dtype?: DType;
  /** Device of the dummy input: default the first parameter's, else the default device. */
  device?: Device;
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Runs `fn` with each module's `forward` wrapped to record its output shapes; restores everything after. */
function recordShapes(modules: readonly Module[], fn: () => void): Map<Module, number[][]> {
  const shapes = new Map<Module, number[][]>();
  const restores: (() => void)[] = [];
  for (const m of modules) {
    const own = Object.getOwnPropertyDescriptor(m, 'forward');
    const original = m.forward;
    const wrapped = (...inputs: Tensor[]): Tensor => {
      const out = original.apply(m, inputs);
      shapes.set(m, [...(shapes.get(m) ?? []), [...out.shape]]);
      return out;
    };
    // Non-enumerable, so the field walk of Module never sees it.
    Object.defineProperty(m, 'forward', { value: wrapped, configurable: true, writable: true, enumerable: false });
    restores.push(() => (own ? Object.defineProperty(m, 'forward', own) : delete (m as unknown as { forward?: unknown }).forward));
  }
  try {
    fn();
  } finally {
    for (const restore of restores) restore();
  }
  return shapes;
}

/** `Module.summary`: see there. */
export function summarize(root: Module, inputShape: readonly number[], options: SummaryOptions): string {
  if (!Array.isArray(inputShape) || !inputShape.every((d) => Number.isInteger(d) && d >= 0))
    throw new ShapeError(`summary: inputShape must be non-negative integers (batch included), got ${JSON.stringify(inputShape)}`);
  const named = root.namedModules();
  const params = root.parameters();
  const first = params[0];
  const dtype = options.dtype ?? (first && (first.dtype === 'float64' || first.dtype === 'float32') ? first.dtype : 'float32');
  const device = options.device ?? first?.device ?? getDefaultDevice();
  const modes = named.map(([, m]) => m.training);
  let shapes: Map<Module, number[][]>;
  try {
    root.eval();
    shapes = recordShapes(named.map(([, m]) => m), () => noGrad(() => tidy(() => {
      root.forward(zeros(inputShape, { dtype, device }));
    })));
  } finally {
    named.forEach(([, m], i) => (m.training = modes[i]!));
  }

  const rows = named.map(([name, m]) => {
    const depth = name === '' ? 0 : name.split('.').length;
    const label = name === '' ? m.constructor.name : `${'  '.repeat(depth)}${name} (${m.constructor.name})`;
    const calls = shapes.get(m) ?? [];
    const shape = calls.length === 0 ? '--' : `${fmtShape(calls[0]!)}${calls.length > 1 ? ` (×${calls.length})` : ''}`;
    const own = m.parameters(false).reduce((n, p) => n + p.size, 0);
    return [label, shape, count(own)] as const;
  });
  const header = ['Layer (type)', 'Output shape', 'Param #'] as const;
  const widths = [0, 1, 2].map((i) => Math.max(header[i]!.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]): string => `${r[0]!.padEnd(widths[0]!)}   ${r[1]!.padEnd(widths[1]!)}   ${r[2]!.padStart(widths[2]!)}`;
  const rule = '='.repeat(widths[0]! + widths[1]! + widths[2]! + 6);
  const total = params.reduce((n, p) => n + p.size, 0);
  const trainable = params.filter((p) => p.requiresGrad).reduce((n, p) => n + p.size, 0);
  const out = shapes.get(root)?.[0];
  return [
    line(header), rule, ...rows.map(line), rule,
    `Input: ${fmtShape(inputShape)} ${dtype} -> output: ${out ? fmtShape(out) : '--'}`,
    `Total params: ${count(total)}`,
    `Trainable params: ${count(trainable)}`,
    `Non-trainable params: ${count(total - trainable)}`,
  ].join('\n');
}
