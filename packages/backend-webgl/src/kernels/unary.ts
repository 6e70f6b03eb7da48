import { DTypeError, INT_UNARY_OPS, type KernelImpl, type TensorInfo, type UnaryOp } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslMath } from '../glsl-math.js';
import type { ShaderUniform } from '../shader.js';

type TestOp = 'isNaN' | 'isInf' | 'isFinite';
type FloatOp = Exclude<UnaryOp, 'logicalNot' | TestOp>;

/**
 * Each float op as a GLSL expression of `x` (never NaN: NaN returns NaN before it), with the
 * function groups of glsl-math it needs; `alpha`/`beta` are uniforms.
 */
const FLOAT: Record<FloatOp, [expr: string, needs: string[]]> = {
  neg: ['-x', []],
  abs: ['abs(x)', []],
  sign: ['x > 0.0 ? 1.0 : x < 0.0 ? -1.0 : 0.0', []],
  square: ['x * x', []],
  relu: ['x < 0.0 ? 0.0 : x', []],
  exp: ['exp(x)', []],
  expm1: ['pm_expm1(x)', ['expm1']],
  log: ['pm_log(x)', ['log']],
  log1p: ['pm_log1p(x)', ['log1p']],
  sqrt: ['x < 0.0 ? pm_nan() : sqrt(x)', []],
  rsqrt: ['x < 0.0 ? pm_nan() : x == 0.0 ? 1.0 / x : pm_isinf(x) ? 0.0 : inversesqrt(x)', []],
  reciprocal: ['1.0 / x', []],
  sin: ['pm_sin(x)', ['trig']],
  cos: ['pm_cos(x)', ['trig']],
  tan: ['pm_tan(x)', ['trig']],
  asin: ['pm_asin(x)', ['inverseTrig']],
  acos: ['pm_acos(x)', ['inverseTrig']],
  atan: ['pm_atan(x)', ['inverseTrig']],
  sinh: ['pm_sinh(x)', ['hyperbolic']],
  cosh: ['pm_cosh(x)', ['hyperbolic']],
  tanh: ['pm_tanh(x)', ['hyperbolic']],
  asinh: ['pm_asinh(x)', ['hyperbolic']],
  acosh: ['pm_acosh(x)', ['hyperbolic']],
  atanh: ['pm_atanh(x)', ['hyperbolic']],
  // Both branches stay in (0, 1]: no overflow of exp for either sign.
  sigmoid: ['x >= 0.0 ? 1.0 / (1.0 + exp(-x)) : exp(x) / (1.0 + exp(x))', []],
  leakyRelu: ['x < 0.0 ? alpha * x : x', []],
  elu: ['x < 0.0 ? alpha * pm_expm1(x) : x', ['expm1']],
  // x·Φ(x) = x·erfc(−x/√2)/2: no cancellation for negative x.
  gelu: ['0.5 * x * pm_erfc(-0.7071067811865476 * x)', ['erf']],
  softplus: ['max(x, 0.0) + pm_log1p(exp(-abs(x)))', ['log1p']],
  erf: ['pm_erf(x)', ['erf']],
  clamp: ['min(max(x, alpha), beta)', []],
  floor: ['floor(x)', []],
  ceil: ['ceil(x)', []],
  // |x| ≥ 2²³ is already an integer (and ±Inf stays itself).
  round: ['abs(x) >= 8388608.0 ? x : roundEven(x)', []],
  trunc: ['trunc(x)', []],
};

/** int32 ops, in uint arithmetic where they could overflow (it wraps like two's complement). */
const INT: Partial<Record<UnaryOp, string>> = {
  neg: 'int(0u - uint(x))',
  abs: 'x < 0 ? int(0u - uint(x)) : x',
  sign: 'x > 0 ? 1 : x < 0 ? -1 : 0',
  square: 'int(uint(x) * uint(x))',
  relu: 'max(x, 0)',
  clamp: 'min(max(x, ilo), ihi)',
};

const TESTS: Record<TestOp, string> = {
  isNaN: 'pm_isnan(x)',
  isInf: 'pm_isinf(x)',
  isFinite: 'pm_isfinite(x)',
};

const DEFAULT_ALPHA: Partial<Record<UnaryOp, number>> = { leakyRelu: 0.01, elu: 1, clamp: -Infinity };

/** A float bound of int clamp as an int32 (−Inf and values beyond the range saturate). */
function intBound(v: number, round: (v: number) => number): number {
  if (Number.isNaN(v)) return 0;
  return Math.min(Math.max(round(v), -2147483648), 2147483647);
}

/** Elementwise unary op in one pass; alpha/beta go in uniforms, so ±Infinity bounds need no literal. */
export const unary: KernelImpl<WebGLBackend, 'unary'> = (backend, { x }, { op, alpha, beta }) => {
  const a = alpha ?? DEFAULT_ALPHA[op] ?? 0;
  const b = beta ?? Infinity;
  const run = (dtype: TensorInfo['dtype'], body: string, uniforms: Record<string, ShaderUniform> = {}): TensorInfo =>
    backend.runShader({ kernel: `unary ${op}`, inputs: { x }, output: { shape: x.shape, dtype }, uniforms, body });

  if (op === 'logicalNot') {
    if (x.dtype !== 'bool') throw new DTypeError(`unary logicalNot: x has dtype ${x.dtype}, expected bool`);
    return run('bool', 'int compute(int index) { return get_x(index) == 0 ? 1 : 0; }');
  }
  if (x.dtype === 'int32' && INT_UNARY_OPS.includes(op)) {
    const uniforms: Record<string, ShaderUniform> =
      op === 'clamp' ? { ilo: { type: 'int', value: intBound(a, Math.ceil) }, ihi: { type: 'int', value: intBound(b, Math.floor) } } : {};
    return run('int32', `int compute(int index) { int x = get_x(index); return ${INT[op]!}; }`, uniforms);
  }
  if (x.dtype !== 'float32') {
    const allowed = INT_UNARY_OPS.includes(op) ? 'float32 or int32' : 'float32';
    throw new DTypeError(`unary ${op}: x has dtype ${x.dtype}, expected ${allowed}${x.dtype === 'float64' ? ' (webgl stores no float64)' : ''}`);
  }
  if (op === 'isNaN' || op === 'isInf' || op === 'isFinite') {
    return run('bool', `${glslMath('special')}\nint compute(int index) { float x = get_x(index); return ${TESTS[op]} ? 1 : 0; }`);
  }
  const [expr, needs] = FLOAT[op];
  const uniforms: Record<string, ShaderUniform> = {};
  if (expr.includes('alpha')) uniforms.alpha = { type: 'float', value: a };
  if (expr.includes('beta')) uniforms.beta = { type: 'float', value: b };
  return run(
    'float32',
    `${glslMath('special', ...needs)}
float compute(int index) {
  float x = get_x(index);
  if (pm_isnan(x)) return x;
  return ${expr};
}`,
    uniforms,
  );
};
