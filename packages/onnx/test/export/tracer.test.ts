/** The tracing hooks of @pistil/nn that exportOnnx is built on: what `withTracer` reports, and when. */
import { Linear, Module, ReLU, Sequential, Tensor, dispose, noGrad, randn, tidy, withTracer } from '@pistil/nn';
import type { KernelAttrs, KernelName } from '@pistil/backend';
import type { Tracer, TracedInputs } from '@pistil/nn';
import { describe, expect, it } from 'vitest';

/** Records every report as a line. */
class Recorder implements Tracer {
  readonly lines: string[] = [];
  constructor(private readonly units: readonly (abstract new (...args: never[]) => Module)[] = []) {}

  kernel<K extends KernelName>(name: K, inputs: TracedInputs, attrs: KernelAttrs<K>, output: Tensor): void {
    const op = (attrs as { op?: string }).op;
    this.lines.push(`kernel ${name}${op ? `:${op}` : ''} (${Object.keys(inputs).join(',')}) → ${JSON.stringify(output.shape)}`);
  }

  view(source: Tensor, output: Tensor): void {
    this.lines.push(`view ${JSON.stringify(source.shape)} → ${JSON.stringify(output.shape)}`);
  }

  enterModule(module: Module, inputs: readonly Tensor[]): boolean {
    this.lines.push(`enter ${module.constructor.name} (${inputs.length})`);
    return this.units.some((cls) => module instanceof cls);
  }

  exitModule(module: Module, _inputs: readonly Tensor[], output: Tensor): void {
    this.lines.push(`exit ${module.constructor.name} → ${JSON.stringify(output.shape)}`);
  }
}

class Twice extends Module {
  readonly inner = new ReLU();

  forward(x: Tensor): Tensor {
    return this.inner.call(x).reshape([-1]);
  }
}

describe('withTracer', () => {
  it('reports kernels with their inputs and attrs, views, and module calls', () => {
    const net = new Sequential(new Linear(3, 2), new Twice());
    const x = randn([4, 3]);
    const rec = new Recorder();
    noGrad(() => tidy(() => void withTracer(rec, () => net.call(x))));
    expect(rec.lines).toEqual([
      'enter Sequential (1)',
      'enter Linear (1)',
      'kernel matmul (a,b) → [4,2]',
      'kernel binary:add (a,b) → [4,2]',
      'exit Linear → [4,2]',
      'enter Twice (1)',
      'enter ReLU (1)',
      'kernel unary:relu (x) → [4,2]',
      'exit ReLU → [4,2]',
      'view [4,2] → [8]',
      'exit Twice → [8]',
      'exit Sequential → [8]',
    ]);
    dispose(x);
    net.dispose();
  });

  it('hides the insides of a module exported as a unit, and reports nothing outside withTracer', () => {
    const net = new Sequential(new Linear(3, 2), new Twice());
    const x = randn([4, 3]);
    const rec = new Recorder([Linear, Twice]);
    noGrad(() => tidy(() => void withTracer(rec, () => net.call(x))));
    expect(rec.lines).toEqual(['enter Sequential (1)', 'enter Linear (1)', 'exit Linear → [4,2]', 'enter Twice (1)', 'exit Twice → [8]', 'exit Sequential → [8]']);
    const count = rec.lines.length;
    noGrad(() => tidy(() => void net.call(x)));
    expect(rec.lines.length).toBe(count);
    dispose(x);
    net.dispose();
  });

  it('nests: the innermost tracer is active, the outer one again after', () => {
    const [outer, inner] = [new Recorder(), new Recorder()];
    const x = randn([2]);
    tidy(() => withTracer(outer, () => {
      x.neg();
      withTracer(inner, () => x.exp());
      return x.abs();
    }));
    expect(outer.lines).toEqual(['kernel unary:neg (x) → [2]', 'kernel unary:abs (x) → [2]']);
    expect(inner.lines).toEqual(['kernel unary:exp (x) → [2]']);
    expect(() => withTracer(outer, () => { throw new Error('boom'); })).toThrow('boom');
    tidy(() => x.sqrt());
    expect(outer.lines.length).toBe(2);
    dispose(x);
  });
});
