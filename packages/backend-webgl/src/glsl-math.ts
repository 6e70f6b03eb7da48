/**
 * GLSL math the elementwise kernels share, written so that results do not depend on how a driver
 * treats NaN, ±Infinity, negative operands or overflow:
 * - NaN and ±Inf are tested on the bits (a compiler may fold `isnan` or `x != x` away);
 * - sin/cos/tan, erf, expm1, log1p, tanh… are computed from exp/log/atan (accurate on every GPU
 *   tried, ~1e-7) with explicit range reduction and polynomials, not from the GPU's sin/cos (off by
 *   ~1e-4 under SwiftShader);
 * - integer division, modulo and power use uint arithmetic (GLSL's `%` and signed overflow are
 *   undefined for negative operands; uint wraps modulo 2³²);
 * - `fmod` is exact (long division on the mantissas), so Python's `mod`/`floorDiv` never misround
 *   near multiples of the divisor.
 *
 * `glslMath('erf', 'pow')` returns the named functions with everything they call, in order.
 * Every function is prefixed `pm_` so that it cannot clash with a kernel's own names.
 */

interface Fn {
  deps: readonly string[];
  code: string;
}

const LN2 = '0.6931471805599453';
const PI = '3.141592653589793';
const PI_2 = '1.5707963267948966';

const LIB: Readonly<Record<string, Fn>> = {
  special: {
    deps: [],
    code: `
bool pm_isnan(float x) { return (floatBitsToUint(x) & 0x7fffffffu) > 0x7f800000u; }
bool pm_isinf(float x) { return (floatBitsToUint(x) & 0x7fffffffu) == 0x7f800000u; }
bool pm_isfinite(float x) { return (floatBitsToUint(x) & 0x7f800000u) != 0x7f800000u; }
bool pm_signbit(float x) { return (floatBitsToUint(x) & 0x80000000u) != 0u; }
float pm_nan() { return uintBitsToFloat(0x7fc00000u); }
float pm_inf() { return uintBitsToFloat(0x7f800000u); }
/* |m| with the sign of s. */
float pm_copysign(float m, float s) { return uintBitsToFloat((floatBitsToUint(m) & 0x7fffffffu) | (floatBitsToUint(s) & 0x80000000u)); }`,
  },

  log: {
    deps: ['special'],
    code: `
float pm_log(float x) {
  if (x < 0.0) return pm_nan();
  if (x == 0.0) return -pm_inf();
  if (pm_isinf(x)) return x;
  return log(x);
}`,
  },

  expm1: {
    deps: [],
    code: `
/* eˣ − 1: Taylor series to x¹⁰ below |x| = 0.5 (error < 1e-10), exp(x) − 1 above. */
float pm_expm1(float x) {
  if (abs(x) < 0.5) {
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0
      + x * (1.0 / 5040.0 + x * (1.0 / 40320.0 + x * (1.0 / 362880.0 + x * (1.0 / 3628800.0))))))))));
  }
  return exp(x) - 1.0;
}`,
  },

  log1p: {
    deps: ['special'],
    code: `
/* log(1 + x): 2·atanh(s) with s = x/(2 + x) as a series below |x| = 0.5, log(1 + x) above. */
float pm_log1p(float x) {
  if (x < -1.0) return pm_nan();
  if (x == -1.0) return -pm_inf();
  if (pm_isinf(x)) return x;
  if (abs(x) < 0.5) {
    float s = x / (2.0 + x);
    float z = s * s;
    return 2.0 * s * (1.0 + z * (1.0 / 3.0 + z * (1.0 / 5.0 + z * (1.0 / 7.0 + z * (1.0 / 9.0
      + z * (1.0 / 11.0 + z * (1.0 / 13.0 + z * (1.0 / 15.0))))))));
  }
  return log(1.0 + x);
}`,
  },

  trig: {
    deps: ['special'],
    code: `
/* sin and cos of r, |r| ≤ π/4 (Taylor; error < 1e-9). */
float pm_sin_r(float r) {
  float z = r * r;
  return r + r * z * (-1.0 / 6.0 + z * (1.0 / 120.0 + z * (-1.0 / 5040.0 + z * (1.0 / 362880.0))));
}
float pm_cos_r(float r) {
  float z = r * r;
  return 1.0 - 0.5 * z + z * z * (1.0 / 24.0 + z * (-1.0 / 720.0 + z * (1.0 / 40320.0 + z * (-1.0 / 3628800.0))));
}
/* x = q·π/2 + r, |r| ≤ π/4, by Cody–Waite with π/2 in three parts (q·P1 exact for |q| < 2¹⁶). */
float pm_reduce(float x, out int q) {
  float k = floor(x * 0.6366197723675814 + 0.5);
  q = int(k - 4.0 * floor(k * 0.25));
  return ((x - k * 1.5703125) - k * 4.837512969970703125e-4) - k * 7.549789954891882e-8;
}
float pm_sin(float x) {
  if (!pm_isfinite(x)) return pm_nan();
  if (abs(x) > 65536.0) return sin(x);
  int q;
  float r = pm_reduce(x, q);
  float v = (q & 1) == 0 ? pm_sin_r(r) : pm_cos_r(r);
  return q >= 2 ? -v : v;
}
float pm_cos(float x) {
  if (!pm_isfinite(x)) return pm_nan();
  if (abs(x) > 65536.0) return cos(x);
  int q;
  float r = pm_reduce(x, q);
  float v = (q & 1) == 0 ? pm_cos_r(r) : pm_sin_r(r);
  return (q == 1 || q == 2) ? -v : v;
}
float pm_tan(float x) {
  if (!pm_isfinite(x)) return pm_nan();
  if (abs(x) > 65536.0) return tan(x);
  int q;
  float r = pm_reduce(x, q);
  float s = pm_sin_r(r), c = pm_cos_r(r);
  return (q & 1) == 0 ? s / c : -c / s;
}
/* cos(2πu) for u in [0, 1), reduced exactly on u (Box–Muller). */
float pm_cos2pi(float u) {
  float w = abs(u >= 0.5 ? u - 1.0 : u);
  if (w <= 0.125) return pm_cos_r(6.283185307179586 * w);
  if (w <= 0.375) return pm_sin_r(6.283185307179586 * (0.25 - w));
  return -pm_cos_r(6.283185307179586 * (0.5 - w));
}`,
  },

  inverseTrig: {
    deps: ['special'],
    code: `
float pm_asin(float x) {
  if (abs(x) > 1.0) return pm_nan();
  return asin(x);
}
/* acos without the cancellation of π/2 − asin(x) near |x| = 1 (as fdlibm). */
float pm_acos(float x) {
  if (abs(x) > 1.0) return pm_nan();
  if (x > 0.5) return 2.0 * asin(sqrt(0.5 * (1.0 - x)));
  if (x < -0.5) return ${PI} - 2.0 * asin(sqrt(0.5 * (1.0 + x)));
  return ${PI_2} - asin(x);
}
float pm_atan(float x) {
  if (pm_isinf(x)) return pm_copysign(${PI_2}, x);
  return atan(x);
}
/* atan2 with C's special cases (signed zeros, infinities); NaN in, NaN out. */
float pm_atan2(float y, float x) {
  if (pm_isnan(x) || pm_isnan(y)) return pm_nan();
  if (pm_isinf(y)) {
    if (pm_isinf(x)) return pm_copysign(x > 0.0 ? 0.7853981633974483 : 2.356194490192345, y);
    return pm_copysign(${PI_2}, y);
  }
  if (y == 0.0) return pm_signbit(x) ? pm_copysign(${PI}, y) : y;
  if (pm_isinf(x)) return x > 0.0 ? pm_copysign(0.0, y) : pm_copysign(${PI}, y);
  if (x == 0.0) return pm_copysign(${PI_2}, y);
  float r = atan(abs(y) / abs(x));
  if (x < 0.0) r = ${PI} - r;
  return pm_copysign(r, y);
}`,
  },

  hyperbolic: {
    deps: ['special', 'expm1', 'log1p'],
    code: `
/* sinh and cosh from e^(|x| − ln 2) = e^|x|/2, which overflows only when the result does. */
float pm_sinh(float x) {
  float a = abs(x);
  if (a < 0.5) {
    float z = x * x;
    return x + x * z * (1.0 / 6.0 + z * (1.0 / 120.0 + z * (1.0 / 5040.0 + z * (1.0 / 362880.0))));
  }
  float e = exp(a - ${LN2});
  return pm_copysign(e - 0.25 / e, x);
}
float pm_cosh(float x) {
  float e = exp(abs(x) - ${LN2});
  return e + 0.25 / e;
}
float pm_tanh(float x) {
  float m = pm_expm1(-2.0 * abs(x));
  return pm_copysign(-m / (2.0 + m), x);
}
float pm_asinh(float x) {
  float a = abs(x);
  float r;
  if (a > 1e8) r = log(a) + ${LN2};
  else r = pm_log1p(a + a * a / (1.0 + sqrt(1.0 + a * a)));
  return pm_copysign(r, x);
}
float pm_acosh(float x) {
  if (x < 1.0) return pm_nan();
  if (pm_isinf(x)) return x;
  if (x > 1e8) return log(x) + ${LN2};
  float t = x - 1.0;
  return pm_log1p(t + sqrt(2.0 * t + t * t));
}
float pm_atanh(float x) {
  float a = abs(x);
  if (a > 1.0) return pm_nan();
  if (a == 1.0) return pm_copysign(pm_inf(), x);
  return pm_copysign(0.5 * pm_log1p(2.0 * a / (1.0 - a)), x);
}`,
  },

  erf: {
    deps: ['special'],
    code: `
/*
 * erfc(x) for x ≥ 0 by the Chebyshev fit of Numerical Recipes (relative error < 1.2e-7 everywhere,
 * so the tail stays accurate for gelu of large negative inputs).
 */
float pm_erfc_pos(float z) {
  float t = 1.0 / (1.0 + 0.5 * z);
  float p = -1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * exp(-z * z + p);
}
float pm_erfc(float x) {
  float r = pm_erfc_pos(abs(x));
  return x < 0.0 ? 2.0 - r : r;
}
/* erf: Taylor series below |x| = 0.5 (relative error < 1e-9), 1 − erfc above. */
float pm_erf(float x) {
  float a = abs(x);
  if (a < 0.5) {
    float z = x * x;
    return 1.1283791670955126 * x * (1.0 + z * (-1.0 / 3.0 + z * (1.0 / 10.0 + z * (-1.0 / 42.0
      + z * (1.0 / 216.0 + z * (-1.0 / 1320.0 + z * (1.0 / 9360.0)))))));
  }
  return pm_copysign(1.0 - pm_erfc_pos(a), x);
}`,
  },

  pow: {
    deps: ['special'],
    code: `
/* C's pow: 1^y = 1 and x^0 = 1 (NaN included), (−1)^±Inf = 1, negative bases need integer exponents. */
float pm_pow(float a, float b) {
  if (a == 1.0 || b == 0.0) return 1.0;
  if (pm_isnan(a) || pm_isnan(b)) return pm_nan();
  float aa = abs(a);
  if (pm_isinf(b)) {
    if (aa == 1.0) return 1.0;
    return (aa > 1.0) == (b > 0.0) ? pm_inf() : 0.0;
  }
  bool integral = floor(b) == b;
  if (a < 0.0 && !integral) return pm_nan();
  bool odd = integral && abs(b) < 16777216.0 && fract(0.5 * b) != 0.0;
  if (aa == 0.0) {
    if (b < 0.0) return odd ? pm_copysign(pm_inf(), a) : pm_inf();
    return odd ? a : 0.0;
  }
  if (pm_isinf(a)) {
    float m = b < 0.0 ? 0.0 : pm_inf();
    return odd ? pm_copysign(m, a) : m;
  }
  float r = exp2(b * log2(aa));
  return (a < 0.0 && odd) ? -r : r;
}`,
  },

  fmod: {
    deps: ['special'],
    code: `
/*
 * C's fmod for finite a and b ≠ 0, exactly: long division on the 24-bit mantissas (the result of
 * fmod is always representable, so no rounding happens). Sign of a.
 */
float pm_fmod(float a, float b) {
  uint ua = floatBitsToUint(a) & 0x7fffffffu;
  uint ub = floatBitsToUint(b) & 0x7fffffffu;
  if (ua < ub) return a;
  int ex = int(ua >> 23), ey = int(ub >> 23);
  uint mx = ua & 0x7fffffu, my = ub & 0x7fffffu;
  if (ex == 0) { ex = 1; while (mx < 0x800000u) { mx <<= 1; ex--; } } else mx |= 0x800000u;
  if (ey == 0) { ey = 1; while (my < 0x800000u) { my <<= 1; ey--; } } else my |= 0x800000u;
  for (; ex > ey; ex--) {
    if (mx >= my) mx -= my;
    mx <<= 1;
  }
  if (mx >= my) mx -= my;
  uint sign = floatBitsToUint(a) & 0x80000000u;
  if (mx == 0u) return uintBitsToFloat(sign);
  while (mx < 0x800000u) { mx <<= 1; ex--; }
  uint bits = ex >= 1 ? (uint(ex) << 23) | (mx & 0x7fffffu) : mx >> uint(1 - ex);
  return uintBitsToFloat(sign | bits);
}
/* Python's float %: the sign of the divisor. */
float pm_pymod(float a, float b) {
  if (pm_isnan(a) || pm_isnan(b) || pm_isinf(a) || b == 0.0) return pm_nan();
  float r = pm_fmod(a, b);
  if (r != 0.0 && (r < 0.0) != (b < 0.0)) return r + b;
  if (r == 0.0) return pm_copysign(0.0, b);
  return r;
}
/* Python's float //, from the exact fmod (CPython's float_floor_div). */
float pm_floordiv(float a, float b) {
  if (pm_isnan(a) || pm_isnan(b)) return pm_nan();
  if (b == 0.0) return a / b;
  if (pm_isinf(a)) return pm_nan();
  float m = pm_fmod(a, b);
  float d = (a - m) / b;
  if (m != 0.0 && (b < 0.0) != (m < 0.0)) d -= 1.0;
  if (d == 0.0) return pm_signbit(a) != pm_signbit(b) ? pm_copysign(0.0, -1.0) : 0.0;
  float q = floor(d);
  if (d - q > 0.5) q += 1.0;
  return q;
}`,
  },

  int: {
    deps: [],
    code: `
/* |x| as a uint (|−2³¹| = 2³¹ fits). */
uint pm_uabs(int x) { return x < 0 ? 0u - uint(x) : uint(x); }
/* Truncating division; 0 when dividing by zero; −2³¹ / −1 wraps to −2³¹. */
int pm_idiv(int a, int b) {
  if (b == 0) return 0;
  int q = int(pm_uabs(a) / pm_uabs(b));
  return (a < 0) != (b < 0) ? int(0u - uint(q)) : q;
}
/* Python's int %: the sign of the divisor; 0 when dividing by zero. */
int pm_imod(int a, int b) {
  if (b == 0) return 0;
  int r = int(pm_uabs(a) % pm_uabs(b));
  if (a < 0) r = -r;
  if (r != 0 && (r < 0) != (b < 0)) r += b;
  return r;
}
/* Python's int //: floor; 0 when dividing by zero. */
int pm_ifloordiv(int a, int b) {
  if (b == 0) return 0;
  uint ua = pm_uabs(a), ub = pm_uabs(b);
  uint q = ua / ub;
  if ((a < 0) == (b < 0)) return int(q);
  uint n = 0u - q;
  if (ua - q * ub != 0u) n -= 1u;
  return int(n);
}
/* a^b exactly modulo 2³² (square and multiply); negative exponents truncate toward zero. */
int pm_ipow(int a, int b) {
  if (b < 0) return a == 1 ? 1 : a == -1 ? ((b & 1) != 0 ? -1 : 1) : 0;
  uint r = 1u, base = uint(a);
  for (int e = b; e > 0; e >>= 1) {
    if ((e & 1) != 0) r *= base;
    base *= base;
  }
  return int(r);
}`,
  },

  random: {
    deps: [],
    code: `
/* Wellons' lowbias32, as hash32 in @pistil/backend's random.ts. */
uint pm_hash32(uint x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}
/* randomBits(seed, i) given key = hash32(seed ^ 0x9e3779b9). */
uint pm_random_bits(uint key, uint i) { return pm_hash32(pm_hash32(i ^ key) + key); }`,
  },
};

/** The GLSL of the named functions and of everything they use, each once, dependencies first. */
export function glslMath(...names: string[]): string {
  const done = new Set<string>();
  const out: string[] = [];
  const visit = (name: string): void => {
    if (done.has(name)) return;
    const fn = LIB[name];
    if (!fn) throw new Error(`glsl-math: no function group '${name}'`);
    done.add(name);
    for (const d of fn.deps) visit(d);
    out.push(fn.code);
  };
  for (const n of names) visit(n);
  return out.join('\n');
}
