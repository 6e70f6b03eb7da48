/**
 * GLSL helpers for NaN and ±Infinity that do not depend on the compiler keeping IEEE semantics:
 * NaN is tested on the bits (a driver may fold `x != x` or `isnan` away), and the special values
 * are built from bits (GLSL has no literal for them).
 */
export const FLOAT_BITS_GLSL = `
bool isnan_f(float v) { return (floatBitsToUint(v) & 0x7fffffffu) > 0x7f800000u; }
float nan_f() { return uintBitsToFloat(0x7fc00000u); }
float inf_f() { return uintBitsToFloat(0x7f800000u); }`;
