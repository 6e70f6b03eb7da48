/**
 * The activation functions named by the `activations` attribute of RNN, GRU and LSTM, with their
 * `activation_alpha` / `activation_beta` parameters, as onnxruntime reads them.
 */
import { abs, add, clamp, div, elu, gt, leakyRelu, mul, relu, sigmoid, softplus, tanh, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { OpContext } from '../../op-types.js';

export type Activation = (x: Tensor) => Tensor;

interface ActivationKind {
  /** Which of alpha and beta the function consumes from the attribute lists. */
  readonly alpha: boolean;
  readonly beta: boolean;
  /** Used when the lists run out; onnxruntime falls back to 0 for the functions that have no default. */
  readonly defaults: readonly [number, number];
  readonly make: (alpha: number, beta: number) => Activation;
}

const KINDS: Readonly<Record<string, ActivationKind>> = {
  relu: { alpha: false, beta: false, defaults: [0, 0], make: () => (x) => relu(x) },
  tanh: { alpha: false, beta: false, defaults: [0, 0], make: () => (x) => tanh(x) },
  sigmoid: { alpha: false, beta: false, defaults: [0, 0], make: () => (x) => sigmoid(x) },
  affine: { alpha: true, beta: true, defaults: [0, 0], make: (a, b) => (x) => add(mul(x, a), b) },
  leakyrelu: { alpha: true, beta: false, defaults: [0.01, 0], make: (a) => (x) => leakyRelu(x, a) },
  thresholdedrelu: { alpha: true, beta: false, defaults: [0, 0], make: (a) => (x) => where(gt(x, a), x, 0) },
  scaledtanh: { alpha: true, beta: true, defaults: [0, 0], make: (a, b) => (x) => mul(tanh(mul(x, b)), a) },
  hardsigmoid: { alpha: true, beta: true, defaults: [0.2, 0.5], make: (a, b) => (x) => clamp(add(mul(x, a), b), 0, 1) },
  elu: { alpha: true, beta: false, defaults: [1, 0], make: (a) => (x) => elu(x, a) },
  softsign: { alpha: false, beta: false, defaults: [0, 0], make: () => (x) => div(x, add(abs(x), 1)) },
  softplus: { alpha: false, beta: false, defaults: [0, 0], make: () => (x) => softplus(x) },
};

/**
 * The activation functions of each direction: `perDirection` functions per direction, forward
 * first. The names are case-insensitive; a list for one direction is shared by both.
 */
export function readActivations(ctx: OpContext, defaults: readonly string[], directions: number): Activation[][] {
  const perDirection = defaults.length;
  let names = ctx.attrs.strings('activations', []);
  if (names.length === 0) names = Array.from({ length: directions }, () => defaults).flat();
  else if (names.length === perDirection && directions === 2) names = [...names, ...names];
  else if (names.length === 2 * perDirection && directions === 1) names = names.slice(0, perDirection);
  else if (names.length !== perDirection * directions)
    ctx.fail(`attribute 'activations' = [${names.join(', ')}] must name ${perDirection * directions} function(s) (${perDirection} per direction)`);
  const alphas = ctx.attrs.floats('activation_alpha', []);
  const betas = ctx.attrs.floats('activation_beta', []);
  let nextAlpha = 0;
  let nextBeta = 0;
  const fns = names.map((name) => {
    const kind = KINDS[name.toLowerCase()];
    if (!kind) ctx.unsupported(`activation '${name}' in attribute 'activations' (supported: Relu, Tanh, Sigmoid, Affine, LeakyRelu, ThresholdedRelu, ScaledTanh, HardSigmoid, Elu, Softsign, Softplus)`);
    const alpha = kind.alpha ? (alphas[nextAlpha++] ?? kind.defaults[0]) : 0;
    const beta = kind.beta ? (betas[nextBeta++] ?? kind.defaults[1]) : 0;
    return kind.make(alpha, beta);
  });
  return Array.from({ length: directions }, (_, d) => fns.slice(d * perDirection, (d + 1) * perDirection));
}
