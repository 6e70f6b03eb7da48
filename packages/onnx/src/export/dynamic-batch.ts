/**
 * Dynamic batch: the module is traced at batch sizes B and B + 1, and the two traces compared.
 * They must run the same nodes; a shape constant that differs is rewritten so that it holds for
 * any batch size (Reshape: 0 copies the input's dim, or −1 infers one dim; Expand: 1, since ONNX
 * Expand broadcasts both ways; Slice: indices counted from the end, INT64_MAX for "to the end").
 * Anything else that changes with the batch size cannot be expressed: an OnnxExportError.
 */
import { OnnxExportError } from '../errors.js';
import { HostTensor } from '../host-tensor.js';
import { sameValue } from './constants.js';
import type { Dim } from './graph-builder.js';
import type { IrConstant, IrGraph, IrNode, ShapeRole } from './graph-ir.js';

export interface Traced {
  readonly graph: IrGraph;
  readonly values: ReadonlyMap<string, HostTensor>;
  readonly batch: number;
}

const ADVICE = 'export with dynamicBatch: false for a fixed batch size';

function fail(what: string): never {
  throw new OnnxExportError(`exportOnnx (dynamicBatch): ${what} depends on the batch size in a way ONNX shapes cannot express; ${ADVICE}`);
}

function describeNode(n: IrNode): string {
  return `node '${n.name}' (${n.opType}) from ${n.origin || 'the exporter'}`;
}

function checkSameNodes(a: readonly IrNode[], b: readonly IrNode[]): void {
  const count = Math.min(a.length, b.length);
  for (let i = 0; i < count; i++) {
    const [x, y] = [a[i]!, b[i]!];
    const same = x.opType === y.opType && JSON.stringify([x.inputs, x.outputs, x.attrs]) === JSON.stringify([y.inputs, y.outputs, y.attrs]);
    if (!same) fail(`${describeNode(x)} (it traced as ${describeNode(y)} at the other batch size)`);
  }
  if (a.length !== b.length) fail(`the number of nodes (${a.length} vs ${b.length})`);
}

/** Reshape: differing dims copy the input's dim where it matches in both traces, else one may be −1. */
function reshapeShape(va: readonly number[], vb: readonly number[], inA: readonly number[], inB: readonly number[]): number[] | undefined {
  const out = [...va];
  let inferred = false;
  let copied = false;
  for (let i = 0; i < va.length; i++) {
    if (va[i] === vb[i]) continue;
    if (i < inA.length && inA[i] === va[i] && inB[i] === vb[i]) {
      out[i] = 0;
      copied = true;
    } else if (!inferred) {
      out[i] = -1;
      inferred = true;
    } else return undefined;
  }
  // A literal 0 (an empty dim) would read as "copy" once copies are in use.
  if (copied && va.some((d, i) => d === 0 && vb[i] === 0)) return undefined;
  return out;
}

/** Expand: a differing dim must be the input's own (right-aligned), which Expand keeps when given 1. */
function expandShape(va: readonly number[], vb: readonly number[], inA: readonly number[], inB: readonly number[]): number[] | undefined {
  const offset = va.length - inA.length;
  const out = [...va];
  for (let i = 0; i < va.length; i++) {
    if (va[i] === vb[i]) continue;
    const j = i - offset;
    if (j < 0 || inA[j] !== va[i] || inB[j] !== vb[i]) return undefined;
    out[i] = 1;
  }
  return out;
}

/** Slice starts/ends: a differing index must sit at the same distance from the end in both traces. */
function sliceIndices(kind: 'sliceStarts' | 'sliceEnds', va: readonly number[], vb: readonly number[], inA: readonly number[], inB: readonly number[]): number[] | undefined {
  const out = [...va];
  for (let d = 0; d < va.length; d++) {
    if (va[d] === vb[d]) continue;
    const fromEnd = va[d]! - inA[d]!;
    if (fromEnd !== vb[d]! - inB[d]!) return undefined;
    if (fromEnd < 0) out[d] = fromEnd;
    else if (fromEnd === 0 && kind === 'sliceEnds') out[d] = Infinity;
    else return undefined;
  }
  return out;
}

function rewrite(role: ShapeRole, other: ShapeRole, va: HostTensor, vb: HostTensor): HostTensor | undefined {
  const [a, b] = [va.numbers(), vb.numbers()];
  if (a.length !== b.length) return undefined;
  const values =
    role.kind === 'reshape' ? reshapeShape(a, b, role.input, other.input) :
    role.kind === 'expand' ? expandShape(a, b, role.input, other.input) :
    sliceIndices(role.kind, a, b, role.input, other.input);
  return values && HostTensor.of('int64', va.shape, values);
}

function roleOf(c: IrConstant | undefined): ShapeRole | undefined {
  return c?.kind === 'host' ? c.role : undefined;
}

/** Trace a's constants, made batch-independent by comparison with trace b. */
export function resolveDynamicBatch(a: Traced, b: Traced): Map<string, HostTensor> {
  checkSameNodes(a.graph.nodes, b.graph.nodes);
  const out = new Map<string, HostTensor>();
  for (const [name, va] of a.values) {
    const vb = b.values.get(name);
    if (!vb) fail(`constant '${name}'`);
    if (sameValue(va, vb)) {
      out.set(name, va);
      continue;
    }
    const c = a.graph.constants.get(name);
    const [roleA, roleB] = [roleOf(c), roleOf(b.graph.constants.get(name))];
    const fixed = roleA && roleB && roleA.kind === roleB.kind ? rewrite(roleA, roleB, va, vb) : undefined;
    const user = c && c.kind !== 'state' ? ` used by ${c.usedBy}` : '';
    if (!fixed) fail(`constant '${name}'${user} (${JSON.stringify(va.shape)} ${va.type}: ${preview(va)} at batch ${a.batch}, ${preview(vb)} at batch ${b.batch})`);
    out.set(name, fixed);
  }
  return out;
}

function preview(h: HostTensor): string {
  const values = h.numbers();
  return `[${values.slice(0, 8).join(', ')}${values.length > 8 ? ', …' : ''}]`;
}

/** Output dims: those following the batch are 'batch', other differing dims get their own symbol. */
export function symbolicDims(name: string, a: readonly number[], b: readonly number[], batchA: number): Dim[] {
  return a.map((d, i) => (d === b[i] ? d : d === batchA && b[i] === batchA + 1 ? 'batch' : `${name}_dim${i}`));
}
